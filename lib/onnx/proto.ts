import { readFileSync } from 'node:fs';
import path from 'node:path';
import onnxProto from 'onnx-proto';
import { TrtmapError } from '../errors.js';

/**
 * ONNX's protobuf messages (onnx.proto of ONNX 1.10, compiled with protobufjs
 * by the `onnx-proto` package): the full ModelProto, so a rewrite keeps
 * every field it does not touch (functions, training info, sparse
 * initializers, doc strings, external data references).
 *
 * Decoded messages share protobufjs' frozen empty arrays for absent repeated
 * fields: always assign new arrays, never push into a field of a decoded
 * message (`node.input = [...node.input, name]`).
 */
export const onnx = onnxProto.onnx;
export type ModelProto = onnxProto.onnx.IModelProto;
export type GraphProto = onnxProto.onnx.IGraphProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;
export type ValueInfoProto = onnxProto.onnx.IValueInfoProto;
export type AttributeProto = onnxProto.onnx.IAttributeProto;

/** TensorProto.DataType values (onnx.proto). */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
  DOUBLE: 11,
  BFLOAT16: 16,
} as const;

/** int64 fields decode as Long objects; ONNX dims and attributes fit in a double. */
export function toNumber(value: number | { toNumber(): number } | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}

/**
 * Parses a serialized ModelProto. `source` names the file in errors.
 * Throws ERR_ONNX when the bytes are not an ONNX model.
 */
export function decodeModel(bytes: Uint8Array, source = '<model>'): ModelProto {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw new TrtmapError('ERR_ONNX', `${source}: not an ONNX model (${String(error)})`, {
      file: source,
      cause: error,
    });
  }
  if (!model.graph) {
    throw new TrtmapError('ERR_ONNX', `${source}: not an ONNX model (no graph)`, { file: source });
  }
  return model;
}

/** Serializes a ModelProto (tensors stay where they are: inline, or external references). */
export function encodeModelProto(model: ModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/**
 * Reads an ONNX file and pulls tensors stored as external data
 * (`data_location: EXTERNAL`, onnx/external_data_helper.py) into raw_data,
 * so the model can be rewritten and saved as one file.
 * Throws ERR_FILE_NOT_FOUND, ERR_IO or ERR_ONNX.
 */
export function readModel(file: string): ModelProto {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new TrtmapError(
      code === 'ENOENT' ? 'ERR_FILE_NOT_FOUND' : 'ERR_IO',
      `${file}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? String(error)})`}`,
      { file, cause: error },
    );
  }
  const model = decodeModel(bytes, file);
  loadExternalData(model, path.dirname(file), file);
  return model;
}

const externalLocation = 1; // TensorProto.DataLocation.EXTERNAL

/** Replaces external-data references by the bytes they point at (location, offset, length). */
export function loadExternalData(model: ModelProto, directory: string, source: string): void {
  const tensors = [...(model.graph?.initializer ?? [])];
  for (const node of model.graph?.node ?? []) {
    for (const attribute of node.attribute ?? []) if (attribute.t) tensors.push(attribute.t);
  }
  for (const tensor of tensors) {
    if (tensor.dataLocation !== externalLocation) continue;
    const entries = new Map((tensor.externalData ?? []).map((entry) => [entry.key, entry.value]));
    const location = entries.get('location');
    if (!location || path.isAbsolute(location) || location.split(/[\\/]/).includes('..')) {
      throw new TrtmapError(
        'ERR_ONNX',
        `${source}: tensor ${tensor.name} has an external data location outside the model's folder (${JSON.stringify(location)})`,
        { file: source },
      );
    }
    const file = path.join(directory, location);
    let data: Buffer;
    try {
      data = readFileSync(file);
    } catch (error) {
      throw new TrtmapError(
        'ERR_FILE_NOT_FOUND',
        `${source}: the external data file ${file} of tensor ${tensor.name} cannot be read; keep it beside the model`,
        { file, cause: error },
      );
    }
    const offset = Number(entries.get('offset') ?? 0);
    const length = entries.has('length') ? Number(entries.get('length')) : data.length - offset;
    if (!(offset >= 0 && length >= 0 && offset + length <= data.length)) {
      throw new TrtmapError(
        'ERR_ONNX',
        `${source}: tensor ${tensor.name} points past the end of ${file}`,
        { file },
      );
    }
    tensor.rawData = new Uint8Array(data.buffer, data.byteOffset + offset, length);
    tensor.externalData = [];
    tensor.dataLocation = 0;
  }
}
