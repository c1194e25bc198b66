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

/** bfloat16 bits from a float: the upper half of its float32 bits, rounded to nearest even (NaN kept a quiet NaN), as PyTorch's and numpy/ml_dtypes' conversions. */
export function floatToBfloat16(value: number): number {
  scratch[0] = value;
  const bits = scratchBits[0]!;
  if ((bits & 0x7f800000) === 0x7f800000 && (bits & 0x7fffff) !== 0)
    return ((bits >>> 16) | 0x40) & 0xffff;
  const rounding = 0x7fff + ((bits >>> 16) & 1);
  return ((bits + rounding) >>> 16) & 0xffff;
}

export function bfloat16ToFloat(bits: number): number {
  scratchBits[0] = (bits & 0xffff) << 16;
  return scratch[0]!;
}

const integerRanges: Record<string, [number, number]> = {
  int8: [-128, 127],
  uint8: [0, 255],
  bool: [0, 1],
  int32: [-(2 ** 31), 2 ** 31 - 1],
  int64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};

function checkedInteger(dtype: string, value: number, index: number): number {
  const [min, max] = integerRanges[dtype]!;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `element ${index} is ${value}, which a ${dtype} tensor cannot hold (integers ${min}..${max})`,
    );
  }
  return value;
}

/**
 * Writes `data` into `target` (an ArrayBuffer region) as `dtype`: float32,
 * float16 and bfloat16 (rounded to nearest even) from a Float32Array;
 * integer types (int8, uint8, bool, int32, int64) from an Int32Array or
 * from a Float32Array holding integers, or int64 from a BigInt64Array.
 * Throws ERR_INVALID_ARGUMENT for a value the type cannot hold,
 * ERR_UNSUPPORTED for other combinations.
 */
export function writeTensor(
  dtype: string,
  data: HostArray | BigInt64Array,
  target: ArrayBuffer,
  byteOffset = 0,
): void {
  if (data instanceof BigInt64Array) {
    if (dtype !== 'int64') throw unsupportedWrite(data, dtype);
    new BigInt64Array(target, byteOffset, data.length).set(data);
  } else if (dtype === 'float32') {
    new Float32Array(target, byteOffset, data.length).set(data);
  } else if (dtype === 'float16' && data instanceof Float32Array) {
    const view = new Uint16Array(target, byteOffset, data.length);
    for (let index = 0; index < data.length; index += 1) view[index] = floatToHalf(data[index]!);
  } else if (dtype === 'bfloat16' && data instanceof Float32Array) {
    const view = new Uint16Array(target, byteOffset, data.length);
    for (let index = 0; index < data.length; index += 1)
      view[index] = floatToBfloat16(data[index]!);
  } else if (dtype === 'int64') {
    const view = new BigInt64Array(target, byteOffset, data.length);
    for (let index = 0; index < data.length; index += 1)
      view[index] = BigInt(checkedInteger(dtype, data[index]!, index));
  } else if (integerRanges[dtype] !== undefined) {
    const View = dtype === 'int32' ? Int32Array : dtype === 'int8' ? Int8Array : Uint8Array;
    const view = new View(target, byteOffset, data.length);
    for (let index = 0; index < data.length; index += 1)
      view[index] = checkedInteger(dtype, data[index]!, index);
  } else {
    throw unsupportedWrite(data, dtype);
  }
}

function unsupportedWrite(data: ArrayLike<unknown>, dtype: string): TrtmapError {
  return new TrtmapError(
    'ERR_UNSUPPORTED',
    `cannot write a ${data.constructor.name} into a ${dtype} tensor (float32, float16, bfloat16, int8, uint8, bool, int32 and int64 tensors are supported)`,
  );
}

/**
 * A copy of `count` elements of a `dtype` tensor: float tensors (float32,
 * float16, bfloat16) as Float32Array, integer ones as Int32Array. An int64
 * value outside the int32 range is ERR_UNSUPPORTED rather than wrapped.
 */
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
    case 'bfloat16':
      return Float32Array.from(new Uint16Array(source, byteOffset, count), bfloat16ToFloat);
    case 'int32':
      return new Int32Array(source, byteOffset, count).slice();
    case 'int8':
      return Int32Array.from(new Int8Array(source, byteOffset, count));
    case 'uint8':
    case 'bool':
      return Int32Array.from(new Uint8Array(source, byteOffset, count));
    case 'int64':
      return Int32Array.from(new BigInt64Array(source, byteOffset, count), (value, index) => {
        if (value < -(2n ** 31n) || value >= 2n ** 31n) {
          throw new TrtmapError(
            'ERR_UNSUPPORTED',
            `element ${index} of an int64 tensor is ${value}, beyond the int32 range trtmap hands back; read the buffer as a BigInt64Array instead`,
          );
        }
        return Number(value);
      });
    default:
      throw new TrtmapError('ERR_UNSUPPORTED', `cannot read a ${dtype} tensor`);
  }
}
