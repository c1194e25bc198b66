import { describe, expect, it } from 'vitest';
import { fromFloat16Bits, toFloat16Bits } from '../../../lib/onnx/float16.js';

describe('float16 conversion', () => {
  it('rounds to nearest even, overflows to infinity and keeps subnormals', () => {
    expect(toFloat16Bits(1)).toBe(0x3c00);
    expect(toFloat16Bits(65504)).toBe(0x7bff);
    expect(toFloat16Bits(65520)).toBe(0x7c00); // halfway to 65536 rounds to even: infinity
    expect(toFloat16Bits(65519)).toBe(0x7bff);
    expect(toFloat16Bits(-2)).toBe(0xc000);
    expect(toFloat16Bits(2 ** -24)).toBe(0x0001);
    expect(toFloat16Bits(2 ** -25)).toBe(0x0000); // tie with zero: even
    expect(toFloat16Bits(1 + 2 ** -11)).toBe(0x3c00); // tie: even mantissa
    expect(toFloat16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02);
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
    expect(fromFloat16Bits(toFloat16Bits(0.1))).toBe(0.0999755859375);
  });

  it('round-trips every float16 bit pattern', () => {
    const wrong: number[] = [];
    for (let bits = 0; bits < 0x10000; bits++) {
      const value = fromFloat16Bits(bits);
      if (!Number.isNaN(value) && toFloat16Bits(value) !== bits) wrong.push(bits);
    }
    expect(wrong).toEqual([]);
  });
});
