import { describe, expect, it } from 'vitest';
import {
  bfloat16ToFloat,
  floatToBfloat16,
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
    expect(() => writeTensor('fp8', new Float32Array(1), buffer)).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }),
    );
  });

  it('int64 tensors: written from integers, read back when they fit int32, refused (not wrapped) when not', () => {
    const buffer = new ArrayBuffer(32);
    writeTensor('int64', Int32Array.from([-7, 2 ** 31 - 1]), buffer);
    expect(new BigInt64Array(buffer, 0, 2)).toEqual(BigInt64Array.from([-7n, 2n ** 31n - 1n]));
    writeTensor('int64', Float32Array.from([3, -4]), buffer, 16);
    expect(readTensor('int64', buffer, 2, 16)).toEqual(Int32Array.from([3, -4]));
    writeTensor('int64', BigInt64Array.from([2n ** 40n]), buffer);
    expect(() => readTensor('int64', buffer, 1)).toThrow(
      expect.objectContaining({
        code: 'ERR_UNSUPPORTED',
        message: expect.stringMatching(/1099511627776, beyond the int32 range/),
      }),
    );
    expect(() => writeTensor('int64', Float32Array.from([0.5]), buffer)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => writeTensor('uint8', Int32Array.from([256]), buffer)).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        message: expect.stringMatching(/integers 0\.\.255/),
      }),
    );
  });

  it('bfloat16: rounded to nearest even as torch.Tensor.bfloat16() rounds, and read back exactly', () => {
    // torch.tensor([x], dtype=torch.float32).bfloat16() bit patterns.
    const cases: [number, number][] = [
      [1, 0x3f80],
      [-2.5, 0xc020],
      [3.14159265, 0x4049],
      [1.00390625, 0x3f80], // a tie (float32 0x3F808000): even kept
      [1.01171875, 0x3f82], // a tie (0x3F818000): rounded up to even
      [65504, 0x4780],
      [1e-40, 0x0001],
      [Infinity, 0x7f80],
    ];
    for (const [value, bits] of cases) expect(floatToBfloat16(value)).toBe(bits);
    expect(Number.isNaN(bfloat16ToFloat(floatToBfloat16(Number.NaN)))).toBe(true);
    const buffer = new ArrayBuffer(8);
    writeTensor('bfloat16', Float32Array.from([1, -2.5, 3.14159265]), buffer);
    expect([...readTensor('bfloat16', buffer, 3)]).toEqual([1, -2.5, 3.140625]);
  });
});
