export * from './backend.js';
export {
  loadOnnxRuntime,
  onnxRuntimeInstallHint,
  openOnnxRuntime,
  type OnnxRuntimeOptions,
} from './onnxruntime.js';
export { openTensorRt, type TensorRtOpenOptions } from './tensorrt.js';
export { TensorRtBackend } from './tensorrt-backend.js';
export { openBackend, type OpenedBackend } from './select.js';
export { readOnnxMetadataProps } from './onnx-metadata.js';
