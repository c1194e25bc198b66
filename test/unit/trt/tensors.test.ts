import { describe, expect, it } from 'vitest';
import {
  byteLengthOf,
  checkBufferSize,
  dtypeByteSize,
  findTensor,
  formatShape,
  maxShape,
  resolveInputShape,
} from '../../../lib/trt/index.js';
import { dynamicBatch, fastestDet, uffSsd } from './metadata.js';

describe('trt tensors: shapes and dtypes checked against engine metadata', () => {
  it('element sizes per dtype; sub-byte types cannot be bound', () => {
    expect(dtypeByteSize('float32')).toBe(4);
    expect(dtypeByteSize('float16')).toBe(2);
    expect(dtypeByteSize('int8')).toBe(1);
    expect(dtypeByteSize('int64')).toBe(8);
    expect(() => dtypeByteSize('int4')).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }),
    );
    expect(byteLengthOf({ dtype: 'float16' }, [2, 3, 416, 416])).toBe(2 * 3 * 416 * 416 * 2);
  });

  it('a static input takes its engine shape when none is given, and only that shape', () => {
    const input = fastestDet.tensors[0]!;
    expect(resolveInputShape(input, fastestDet, undefined)).toEqual([1, 3, 352, 352]);
    expect(resolveInputShape(input, fastestDet, [1, 3, 352, 352])).toEqual([1, 3, 352, 352]);
    expect(() => resolveInputShape(input, fastestDet, [2, 3, 352, 352])).toThrow(
      /input input\.1: dimension 0 is 2 in \[2, 3, 352, 352\] but the engine allows 1/,
    );
    expect(() => resolveInputShape(input, fastestDet, [1, 3, 352])).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringMatching(/has 4 dimensions/),
      }),
    );
  });

  it('a dynamic input needs a shape within its optimization profile', () => {
    const input = dynamicBatch.tensors[0]!;
    expect(() => resolveInputShape(input, dynamicBatch, undefined)).toThrow(
      /input images has dynamic dimensions \[\?, 3, 416, 416\]: give its shape/,
    );
    expect(resolveInputShape(input, dynamicBatch, [8, 3, 416, 416])).toEqual([8, 3, 416, 416]);
    expect(() => resolveInputShape(input, dynamicBatch, [9, 3, 416, 416])).toThrow(/allows 1\.\.8/);
    expect(() => resolveInputShape(input, dynamicBatch, [0, 3, 416, 416])).toThrow(/allows 1\.\.8/);
    expect(() => resolveInputShape(input, dynamicBatch, [1.5, 3, 416, 416])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });

  it('implicit-batch (UFF) engines run batches of 1..maxBatchSize', () => {
    const input = uffSsd.tensors[0]!;
    expect(resolveInputShape(input, uffSsd, [4, 3, 300, 300])).toEqual([4, 3, 300, 300]);
    expect(() => resolveInputShape(input, uffSsd, [5, 3, 300, 300])).toThrow(/allows 1\.\.4/);
    expect(maxShape(uffSsd.tensors[1]!, uffSsd)).toEqual([4, 1, 100, 7]);
  });

  it("largest shapes for allocation: the profile max, and the inputs' max batch for outputs", () => {
    expect(maxShape(dynamicBatch.tensors[0]!, dynamicBatch)).toEqual([8, 3, 416, 416]);
    expect(maxShape(dynamicBatch.tensors[1]!, dynamicBatch)).toEqual([8, 2535, 4]);
    expect(maxShape(fastestDet.tensors[1]!, fastestDet)).toEqual([1, 85, 22, 22]);
  });

  it('buffers too small for a tensor are ERR_SHAPE naming it and the sizes', () => {
    const output = fastestDet.tensors[1]!;
    expect(() => checkBufferSize(output, output.shape, 85 * 22 * 22 * 4)).not.toThrow();
    expect(() => checkBufferSize(output, output.shape, 100)).toThrow(
      'output 758 of shape [1, 85, 22, 22] (float32) needs 164560 bytes but its buffer has 100',
    );
    // Dynamic output shapes are checked natively once TensorRT knows them.
    expect(() => checkBufferSize(dynamicBatch.tensors[1]!, [-1, 2535, 4], 0)).not.toThrow();
  });

  it('unknown tensor names list the ones the engine has', () => {
    expect(findTensor(dynamicBatch, 'count', 'output').dtype).toBe('int32');
    expect(() => findTensor(dynamicBatch, 'count', 'input')).toThrow(
      'the engine has no input named "count" (its inputs: images)',
    );
    expect(formatShape([-1, 3])).toBe('[?, 3]');
  });
});
