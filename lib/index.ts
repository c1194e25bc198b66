/**
 * trtmap's public API. Importing it loads no native code: the addon is
 * loaded on first use of something that needs it (lib/native), and the pure
 * parts (metrics, detect, data, darknet) never need it.
 */
export { ErrorCodes, TrtmapError, isTrtmapError, type ErrorCode } from './errors.js';
export * from './metrics/index.js';
export * from './darknet/index.js';
export * from './detect/index.js';
export * from './contract/index.js';
export * from './data/index.js';
export * from './image/index.js';
export * from './cuda/index.js';
export * from './backends/index.js';
export * from './bench/index.js';
export {
  evaluate,
  openDataset,
  type DatasetFiles,
  type EvaluateOptions,
  type Evaluation,
} from './pipeline/evaluate.js';
export {
  buildEngine,
  Engine,
  ExecutionContext,
  EngineRunner,
  CalibrationBatcher,
  readEngineFile,
  splitEngineFile,
  tensorrtStatus,
  tensorRtCapabilities,
  type EngineFile,
  type EngineLoadOptions,
  type LayerPrecisions,
  type BuildOptions as TensorRtBuildOptions,
  type BuildResult as TensorRtBuildResult,
  type BuildProgress as TensorRtBuildProgress,
  type CalibrationSample,
  type EngineDescription,
  type RunOptions as TensorRtRunOptions,
  type RunResult as TensorRtRunResult,
  type TensorInfo as EngineTensorInfo,
  type TensorBinding,
  type TensorRtStatus,
} from './trt/index.js';
export * from './quantize/index.js';
