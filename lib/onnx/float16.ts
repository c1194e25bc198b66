/**
 * IEEE 754 binary16 conversion, as numpy's `astype(np.float16)` does it
 * (round to nearest, ties to even; overflow to infinity; subnormals kept).
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The largest finite float16 (numpy.finfo(np.float16).max). */
export const float16Max = 65504;

/** float32 value -> float16 bit pattern, rounding to nearest even. */
export function toFloat16Bits(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  let mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // inf, NaN
  const unbiased = exponent - 127;
  if (unbiased > 15) return sign | 0x7c00;
  if (unbiased >= -14) {
    // Normal: keep 10 mantissa bits, round on the 13 dropped ones.
    let half = ((unbiased + 15) << 10) | (mantissa >>> 13);
    const dropped = mantissa & 0x1fff;
    if (dropped > 0x1000 || (dropped === 0x1000 && (half & 1) === 1)) half++;
    return sign | half; // a carry into the exponent is the correct rounding (up to inf)
  }
  if (unbiased < -25) return sign; // below half the smallest subnormal: zero
  // Subnormal: the implicit bit joins the mantissa, shifted into 2^-24 units.
  mantissa |= 0x800000;
  const shift = -unbiased - 14 + 13;
  let half = mantissa >>> shift;
  const remainder = mantissa & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  if (remainder > halfway || (remainder === halfway && (half & 1) === 1)) half++;
  return sign | half;
}

/** float16 bit pattern -> the float32 it denotes (exact). */
export function fromFloat16Bits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Rounds every value to the nearest float16 in place; returns the array. */
export function roundToFloat16(values: Float32Array): Float32Array {
  for (let index = 0; index < values.length; index++)
    values[index] = fromFloat16Bits(toFloat16Bits(values[index]));
  return values;
}

/** float32 values -> float16 bit patterns. */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) out[index] = toFloat16Bits(values[index]);
  return out;
}

/** bfloat16 bit pattern -> float32 (the high half of a float32). */
export function fromBfloat16Bits(bits: number): number {
  u32[0] = (bits & 0xffff) << 16;
  return f32[0];
}
