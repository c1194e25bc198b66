export { buildEngine, type BuildResult } from './build.js';
export {
  validateBuildOptions,
  validatePlugins,
  precisions,
  type BuildOptions,
  type BuildProgress,
  type CalibrationOptions,
  type Precision,
  type ShapeRange,
} from './build-options.js';
export {
  CalibrationBatcher,
  type CalibrationSample,
  type CalibrationSource,
} from './calibration.js';
export {
  Engine,
  toEngineDescription,
  type EngineDescription,
  type EngineLoadOptions,
} from './engine.js';
export {
  engineFileFacts,
  type EngineFileFacts,
  readEngineFile,
  readEngineMetadata,
  splitEngineFile,
  type EngineFile,
} from './engine-file.js';
export {
  describePlanOrigin,
  readPlanHeader,
  versionCompatibleLoads,
  type PlanHeader,
} from './plan-header.js';
export {
  formatLayerPrecisions,
  precisionShortfall,
  summarizeLayerPrecisions,
  type LayerPrecisions,
} from './layer-precisions.js';
export { tensorRtCapabilities, type TensorRtCapabilities } from './capabilities.js';
export {
  cachedEngine,
  defaultEngineCacheDirectory,
  engineFileName,
  sha256,
  type CachedEngine,
  type EngineBuildRequest,
  type EngineKey,
} from './engine-cache.js';
export { ExecutionContext, type RunResult, type RunTimings } from './context.js';
export {
  toNativeRunRequest,
  type BoundTensor,
  type RunOptions,
  type TensorBinding,
  type TensorMemory,
  type Transfer,
} from './run-request.js';
export {
  byteLengthOf,
  checkBufferSize,
  dtypeByteSize,
  elementCount,
  findTensor,
  formatShape,
  isDynamic,
  maxShape,
  resolveInputShape,
  type EngineShapes,
  type TensorInfo,
  type TensorProfile,
} from './tensors.js';
export { tensorrtStatus, type TensorRtStatus } from './status.js';
export { formatEngineDescription } from './format.js';
export {
  EngineRunner,
  dataDependentOutputBytes,
  type RunnerOptions,
  type RunnerTensor,
} from './runner.js';
export {
  bfloat16ToFloat,
  floatToBfloat16,
  floatToHalf,
  halfToFloat,
  readTensor,
  writeTensor,
  type HostArray,
} from './host-tensors.js';
