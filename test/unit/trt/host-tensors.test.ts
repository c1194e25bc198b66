import { describe, expect, it } from 'vitest';
import {
  floatToHalf,
  halfToFloat,
  readTensor,
  writeTensor,
} from '../../../lib/trt/host-tensors.js';

describe('trt host tensors: float16 and integer conversions', () => {
  it('float16 bits of known values, rounding to nearest even as numpy does', () => {
    expect(floatToHalf(1)).toBe(0x3c00);
    expect(floatToHalf(-2)).toBe(0xc000);
    expect(floatToHalf(0.1)).toBe(0x2e66);
    expect(floatToHalf(65504)).toBe(0x7bff);
    expect(floatToHalf(65520)).toBe(0x7c00); // halfway to the next: rounds to even = infinity
    expect(floatToHalf(2 ** -24)).toBe(0x0001);
    expect(floatToHalf(2 ** -25)).toBe(0x0000); // halfway, rounds to even zero
    expect(floatToHalf(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and its successor
    expect(floatToHalf(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(floatToHalf(-0)).toBe(0x8000);
    expect(floatToHalf(Number.NaN) & 0x7e00).toBe(0x7e00);
    expect(floatToHalf(-Infinity)).toBe(0xfc00);
  });

  it('every finite float16 survives float16 -> float -> float16', () => {
    for (let bits = 0; bits < 0x10000; bits += 1) {
      if ((bits & 0x7c00) === 0x7c00) continue; // infinities and NaNs
      expect(floatToHalf(halfToFloat(bits))).toBe(bits);
    }
  });

  it('writes and reads float32, float16 and int32 tensors; integer outputs come back as Int32Array', () => {
    const buffer = new ArrayBuffer(64);
    writeTensor('float16', Float32Array.from([1.5, -0.25]), buffer, 8);
    expect([...readTensor('float16', buffer, 2, 8)]).toEqual([1.5, -0.25]);
    writeTensor('int32', Int32Array.from([7, -3]), buffer);
    expect(readTensor('int32', buffer, 2)).toEqual(Int32Array.from([7, -3]));
    new BigInt64Array(buffer, 16, 2).set([5n, -6n]);
    expect(readTensor('int64', buffer, 2, 16)).toEqual(Int32Array.from([5, -6]));
    expect(() => writeTensor('int8', new Float32Array(1), buffer)).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }),
    );
  });
});
