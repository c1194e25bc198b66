export * from './backend.js';
export {
  loadOnnxRuntime,
  onnxRuntimeInstallHint,
  openOnnxRuntime,
  type OnnxRuntimeOptions,
} from './onnxruntime.js';
export { openTensorRt, type TensorRtOpenOptions } from './tensorrt.js';
export { TensorRtBackend } from './tensorrt-backend.js';
export {
  describeUnavailable,
  loadEngineToolkit,
  type EngineToolkit,
  type TimedOptions,
  type TimedRunner,
  type ToolkitLoad,
  type Unavailable,
} from './tensorrt-toolkit.js';
export { openBackend, type OpenedBackend } from './select.js';
export { readOnnxMetadataProps } from './onnx-metadata.js';
