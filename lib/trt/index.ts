export { buildEngine, type BuildResult } from './build.js';
export {
  validateBuildOptions,
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
export { Engine, toEngineDescription, type EngineDescription } from './engine.js';
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
export { EngineRunner, type RunnerOptions, type RunnerTensor } from './runner.js';
export {
  floatToHalf,
  halfToFloat,
  readTensor,
  writeTensor,
  type HostArray,
} from './host-tensors.js';
