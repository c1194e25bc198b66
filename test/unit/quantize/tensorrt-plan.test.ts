import { describe, expect, it } from 'vitest';
import { tensorRtBuildPlan } from '../../../lib/quantize/tensorrt.js';

describe('TensorRT build plan: how each version gets FP16 and INT8', () => {
  it('TensorRT 11: strongly typed from trtmap explicit-precision models, no builder flag', () => {
    expect(tensorRtBuildPlan('11.1.0', 'fp16')).toMatchObject({
      model: 'explicit-fp16',
      builderPrecision: 'fp32',
      stronglyTyped: true,
      calibration: 'none',
    });
    expect(tensorRtBuildPlan('11.1.0', 'int8')).toMatchObject({
      model: 'explicit-int8',
      builderPrecision: 'fp32',
      stronglyTyped: true,
      calibration: 'none',
    });
    expect(tensorRtBuildPlan('11.1.0', 'fp32')).toMatchObject({
      model: 'original',
      builderPrecision: 'fp32',
      stronglyTyped: false,
    });
  });

  it('TensorRT 10 and 8.5+: INT8 is the Q/DQ model with the INT8 flag; FP16 is the flag', () => {
    for (const version of ['10.16.0', '10.3.0.26', '8.5.2', '8.6.1'])
      expect(tensorRtBuildPlan(version, 'int8')).toMatchObject({
        model: 'explicit-int8',
        builderPrecision: 'int8',
        stronglyTyped: false,
        calibration: 'none',
      });
    expect(tensorRtBuildPlan('10.16.0', 'fp16')).toMatchObject({
      model: 'original',
      builderPrecision: 'fp16',
      stronglyTyped: false,
    });
  });

  it("TensorRT 8.2: INT8 is implicit calibration from trtmap's cache; FP16 the flag", () => {
    expect(tensorRtBuildPlan('8.2.1', 'int8')).toMatchObject({
      model: 'original',
      builderPrecision: 'int8',
      calibration: 'trtmap-cache',
    });
    expect(tensorRtBuildPlan('8.2.1.8', 'fp16')).toMatchObject({
      model: 'original',
      builderPrecision: 'fp16',
      calibration: 'none',
    });
  });

  it("an unknown version keeps the flags and TensorRT's own calibrator", () => {
    expect(tensorRtBuildPlan('unknown', 'fp16')).toMatchObject({
      model: 'original',
      builderPrecision: 'fp16',
    });
    expect(tensorRtBuildPlan('unknown', 'int8')).toMatchObject({
      model: 'original',
      builderPrecision: 'int8',
      calibration: 'tensorrt',
    });
  });
});
