import type { Precision } from '../trt/engine-cache.js';

/**
 * How a TensorRT leg of `compare` gets its precision. TensorRT 11 removed
 * weak typing (no FP16/INT8 builder flags, no calibrator; deprecated since
 * 10.12): an FP16 or INT8 engine must be built, strongly typed, from a model
 * that carries its precision, i.e. trtmap's FP16 or Q/DQ model. Earlier
 * versions build from the FP32 model with the builder flag (and the
 * calibrator for INT8). Returns which model to build and the builder
 * precision to ask for.
 */
export function tensorRtBuildPlan(
  tensorRtVersion: string,
  precision: Precision,
): { model: 'original' | 'explicit-fp16' | 'explicit-int8'; builderPrecision: Precision } {
  const major = Number.parseInt(tensorRtVersion, 10);
  if (!(major >= 11) || precision === 'fp32')
    return { model: 'original', builderPrecision: precision };
  return {
    model: precision === 'fp16' ? 'explicit-fp16' : 'explicit-int8',
    builderPrecision: 'fp32',
  };
}
