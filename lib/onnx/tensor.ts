import { TrtmapError } from '../errors.js';
import { fromBfloat16Bits, fromFloat16Bits } from './float16.js';
import { DataType, onnx, type TensorProto, toNumber } from './proto.js';

/** The dims of a TensorProto as numbers. */
export function tensorDims(tensor: TensorProto): number[] {
  return (tensor.dims ?? []).map(toNumber);
}

function elementCount(dims: readonly number[]): number {
  return dims.reduce((product, dim) => product * dim, 1);
}

/** raw_data is little-endian; copy it so that alignment never matters. */
function rawView(tensor: TensorProto): DataView | undefined {
  const raw = tensor.rawData;
  if (!raw || raw.length === 0) return undefined;
  const copy = new Uint8Array(raw.length);
  copy.set(raw);
  return new DataView(copy.buffer);
}

/**
 * A float, float16, bfloat16, double or integer tensor's values as float32,
 * from raw_data or the typed field onnx.proto assigns to its type (float16
 * and bfloat16 bit patterns live in int32_data). Throws ERR_UNSUPPORTED for
 * string or complex tensors.
 */
export function tensorToFloat32(tensor: TensorProto): Float32Array {
  const count = elementCount(tensorDims(tensor));
  const view = rawView(tensor);
  const out = new Float32Array(count);
  const type = tensor.dataType ?? 0;
  const read = (index: number): number => {
    switch (type) {
      case DataType.FLOAT:
        return view ? view.getFloat32(index * 4, true) : (tensor.floatData ?? [])[index];
      case DataType.FLOAT16:
        return fromFloat16Bits(
          view ? view.getUint16(index * 2, true) : (tensor.int32Data ?? [])[index],
        );
      case DataType.BFLOAT16:
        return fromBfloat16Bits(
          view ? view.getUint16(index * 2, true) : (tensor.int32Data ?? [])[index],
        );
      case DataType.DOUBLE:
        return view ? view.getFloat64(index * 8, true) : (tensor.doubleData ?? [])[index];
      case DataType.INT8:
        return view ? view.getInt8(index) : (tensor.int32Data ?? [])[index];
      case DataType.UINT8:
      case DataType.BOOL:
        return view ? view.getUint8(index) : (tensor.int32Data ?? [])[index];
      case DataType.INT32:
        return view ? view.getInt32(index * 4, true) : (tensor.int32Data ?? [])[index];
      case DataType.INT64:
        return view
          ? Number(view.getBigInt64(index * 8, true))
          : toNumber((tensor.int64Data ?? [])[index]);
      default:
        throw new TrtmapError(
          'ERR_UNSUPPORTED',
          `tensor ${tensor.name}: element type ${type} is not a number type trtmap reads`,
        );
    }
  };
  for (let index = 0; index < count; index++) out[index] = read(index);
  return out;
}

/** An int64 tensor's values (shapes, axes). */
export function tensorToInts(tensor: TensorProto): number[] {
  return Array.from(tensorToFloat32(tensor));
}

function bytesOf(array: ArrayBufferView): Uint8Array {
  // TypedArrays are little-endian on every platform Node runs on that trtmap supports.
  return new Uint8Array(array.buffer.slice(array.byteOffset, array.byteOffset + array.byteLength));
}

/** A new float32 initializer (raw_data). */
export function float32Tensor(
  name: string,
  dims: readonly number[],
  values: Float32Array,
): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: DataType.FLOAT,
    rawData: bytesOf(values),
  });
}

/** A new float16 initializer from bit patterns (raw_data). */
export function float16Tensor(
  name: string,
  dims: readonly number[],
  bits: Uint16Array,
): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: DataType.FLOAT16,
    rawData: bytesOf(bits),
  });
}

/** A new int8 initializer (raw_data). */
export function int8Tensor(name: string, dims: readonly number[], values: Int8Array): TensorProto {
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: DataType.INT8,
    rawData: bytesOf(values),
  });
}

/** A new int64 initializer (raw_data). */
export function int64Tensor(
  name: string,
  dims: readonly number[],
  values: readonly number[],
): TensorProto {
  const data = BigInt64Array.from(values, (value) => BigInt(value));
  return onnx.TensorProto.create({
    name,
    dims: [...dims],
    dataType: DataType.INT64,
    rawData: bytesOf(data),
  });
}
