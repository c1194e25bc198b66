/**
 * Copying plain typed arrays into and out of engine tensors of a given dtype
 * (float16 converted both ways). Pure: unit-testable without the addon.
 */
import { TrtmapError } from '../errors.js';

export type HostArray = Float32Array | Int32Array;

const scratch = new Float32Array(1);
const scratchBits = new Uint32Array(scratch.buffer);

/** IEEE half bits from a float, rounding to nearest even (as numpy's astype(float16)). */
export function floatToHalf(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 : 0);
  const halfExponent = exponent - 112; // rebias 127 -> 15
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Subnormal half: the float's 24-bit significand shifted into 10 bits.
    if (halfExponent < -10) return sign;
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    return sign | roundShift(significand, shift);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to infinity).
  return sign | ((halfExponent << 10) + roundShift(mantissa, 13));
}

function roundShift(value: number, shift: number): number {
  const kept = value >>> shift;
  const rest = value & ((1 << shift) - 1);
  const halfway = 1 << (shift - 1);
  return rest > halfway || (rest === halfway && (kept & 1) !== 0) ? kept + 1 : kept;
}

export function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : Number.NaN;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Writes `data` into `target` (an ArrayBuffer region) as `dtype`. */
export function writeTensor(
  dtype: string,
  data: HostArray,
  target: ArrayBuffer,
  byteOffset = 0,
): void {
  if (dtype === 'float32' && data instanceof Float32Array) {
    new Float32Array(target, byteOffset, data.length).set(data);
  } else if (dtype === 'int32' && data instanceof Int32Array) {
    new Int32Array(target, byteOffset, data.length).set(data);
  } else if (dtype === 'float16' && data instanceof Float32Array) {
    const view = new Uint16Array(target, byteOffset, data.length);
    for (let index = 0; index < data.length; index += 1) view[index] = floatToHalf(data[index]!);
  } else {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `cannot write a ${data.constructor.name} into a ${dtype} tensor (float32, float16 and int32 tensors are supported)`,
    );
  }
}

/** A copy of `count` elements of a `dtype` tensor: float tensors as Float32Array, integer ones as Int32Array. */
export function readTensor(
  dtype: string,
  source: ArrayBuffer,
  count: number,
  byteOffset = 0,
): HostArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(source, byteOffset, count).slice();
    case 'float16':
      return Float32Array.from(new Uint16Array(source, byteOffset, count), halfToFloat);
    case 'int32':
      return new Int32Array(source, byteOffset, count).slice();
    case 'int8':
      return Int32Array.from(new Int8Array(source, byteOffset, count));
    case 'uint8':
    case 'bool':
      return Int32Array.from(new Uint8Array(source, byteOffset, count));
    case 'int64':
      return Int32Array.from(new BigInt64Array(source, byteOffset, count), (value) =>
        Number(value),
      );
    default:
      throw new TrtmapError('ERR_UNSUPPORTED', `cannot read a ${dtype} tensor`);
  }
}
