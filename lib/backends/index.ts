export * from './backend.js';
export {
  loadOnnxRuntime,
  onnxRuntimeInstallHint,
  openOnnxRuntime,
  type OnnxRuntimeOptions,
} from './onnxruntime.js';
export {
  openTensorRt,
  registerTensorRtBackend,
  tensorRtUnavailableReason,
  type TensorRtBackendFactory,
} from './tensorrt.js';
export { openBackend, type OpenedBackend } from './select.js';
export { readOnnxMetadataProps } from './onnx-metadata.js';
