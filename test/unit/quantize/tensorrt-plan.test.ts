import { describe, expect, it } from 'vitest';
import { tensorRtBuildPlan } from '../../../lib/quantize/tensorrt.js';

describe('TensorRT build plan (the seam for TensorRT 11 legs)', () => {
  it('builds FP16/INT8 from trtmap explicit-precision models on TensorRT 11, with builder flags before', () => {
    expect(tensorRtBuildPlan('11.1.0', 'fp16')).toEqual({
      model: 'explicit-fp16',
      builderPrecision: 'fp32',
    });
    expect(tensorRtBuildPlan('11.1.0', 'int8')).toEqual({
      model: 'explicit-int8',
      builderPrecision: 'fp32',
    });
    expect(tensorRtBuildPlan('11.1.0', 'fp32')).toEqual({
      model: 'original',
      builderPrecision: 'fp32',
    });
    expect(tensorRtBuildPlan('10.16.0', 'int8')).toEqual({
      model: 'original',
      builderPrecision: 'int8',
    });
    expect(tensorRtBuildPlan('8.2.1', 'fp16')).toEqual({
      model: 'original',
      builderPrecision: 'fp16',
    });
    expect(tensorRtBuildPlan('unknown', 'fp16')).toEqual({
      model: 'original',
      builderPrecision: 'fp16',
    });
  });
});
