import type { Precision } from '../trt/engine-cache.js';

/** Which model a TensorRT leg builds: the compared FP32 model, or trtmap's FP16 / Q/DQ model. */
export type PlanModel = 'original' | 'explicit-fp16' | 'explicit-int8';

export interface TensorRtBuildPlan {
  model: PlanModel;
  /** The builder flag asked for ('fp32': none; strongly typed builds take no flag). */
  builderPrecision: Precision;
  /** A strongly typed network: every layer's precision comes from the model. */
  stronglyTyped: boolean;
  /**
   * 'trtmap-cache': implicit INT8 calibration whose calibrator hands TensorRT
   * trtmap's calibration cache (the same scales as the Q/DQ model), so no
   * calibration run happens; 'tensorrt': TensorRT's own entropy calibrator on
   * compare's calibration images; 'none': the scales are in the model, or no INT8.
   */
  calibration: 'none' | 'tensorrt' | 'trtmap-cache';
  /** One phrase for logs and the report: how the engine gets its precision. */
  description: string;
}

function parseVersion(version: string): { major: number; minor: number } {
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  return { major: major ?? Number.NaN, minor: minor ?? 0 };
}

/**
 * How a TensorRT leg of `compare` gets its precision, by TensorRT version:
 * - 11.x builds strongly typed networks only (no FP16/INT8 flags, no
 *   calibrator; weak typing deprecated since 10.12): FP16 and INT8 are built,
 *   strongly typed, from trtmap's FP16 model and Q/DQ model.
 * - 8.5+ and 10.x: INT8 is explicit quantization, trtmap's Q/DQ model with
 *   the INT8 flag (TensorRT's "explicit quantization" mode: the Q/DQ scales,
 *   no calibrator); FP16 is the FP16 flag on the FP32 model.
 * - 8.2 (JetPack 4.6): INT8 is implicit calibration of the FP32 model whose
 *   calibrator reads trtmap's calibration cache (`TRT-8201-EntropyCalibration2`,
 *   the scales of trtmap's Q/DQ model), as README's Jetson commands do; 8.2's
 *   Q/DQ support misses fusions later versions have, and the Nano has no fast
 *   INT8 anyway. FP16 is the flag.
 * Another or an unparsable version: the FP32 model with the flag, INT8
 * calibrated by TensorRT's own calibrator on compare's images.
 * Source: TensorRT developer guide, "Working with Quantized Types" (explicit
 * vs implicit quantization) and "Strongly Typed Networks"; TensorRT 11 release notes.
 */
export function tensorRtBuildPlan(
  tensorRtVersion: string,
  precision: Precision,
): TensorRtBuildPlan {
  const { major, minor } = parseVersion(tensorRtVersion);
  const flag = (description: string): TensorRtBuildPlan => ({
    model: 'original',
    builderPrecision: precision,
    stronglyTyped: false,
    calibration: precision === 'int8' ? 'tensorrt' : 'none',
    description,
  });
  if (precision === 'fp32') return flag('FP32 model');
  if (major >= 11) {
    return {
      model: precision === 'fp16' ? 'explicit-fp16' : 'explicit-int8',
      builderPrecision: 'fp32',
      stronglyTyped: true,
      calibration: 'none',
      description: `strongly typed from trtmap's ${precision === 'fp16' ? 'FP16' : 'Q/DQ INT8'} model`,
    };
  }
  if (precision === 'fp16') return flag('FP32 model with the FP16 flag');
  if (major === 8 && minor < 5) {
    return {
      model: 'original',
      builderPrecision: 'int8',
      stronglyTyped: false,
      calibration: 'trtmap-cache',
      description: "FP32 model with the INT8 flag, implicit calibration from trtmap's cache",
    };
  }
  if (major === 8 || major === 10) {
    return {
      model: 'explicit-int8',
      builderPrecision: 'int8',
      stronglyTyped: false,
      calibration: 'none',
      description: "trtmap's Q/DQ model with the INT8 flag (explicit quantization)",
    };
  }
  return flag('FP32 model with the INT8 flag, calibrated by TensorRT');
}
