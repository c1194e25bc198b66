/** FP16 conversion and INT8 post-training quantization of ONNX models (issue 13). */
export {
  quantizeModelFile,
  type QuantizeFileOptions,
  type QuantizeFileResult,
  type QuantizePrecision,
} from './model-file.js';
export { quantizeInt8, type Int8Options, type Int8Result } from './int8.js';
export { convertToFp16, type Fp16Options, type Fp16Result } from './fp16/convert.js';
export { emulateFp16 } from './fp16/emulate.js';
export { fp16BlockList } from './fp16/block-list.js';
export { writeCalibrationCache, tensorRtVersionNumber } from './calibration-cache.js';
export {
  calibrationMethods,
  createCalibrator,
  HistogramCalibrator,
  MinMaxCalibrator,
  type CalibrationMethod,
  type Calibrator,
  type TensorRange,
} from './calibrators/calibrator.js';
export { entropyAmax } from './calibrators/entropy.js';
export { percentileAmax } from './calibrators/percentile.js';
export type { CalibrationFeed } from './collect.js';
export { tensorRtBuildPlan } from './tensorrt.js';
