import { TrtmapError } from '../errors.js';
import type { ModelTensor } from './types.js';

/** A TensorRT NMS plugin node found in an ONNX graph, with its numeric attributes. */
export interface PluginNode {
  opType: string;
  name: string;
  attributes: Record<string, number>;
}

/** The in-graph NMS plugins whose own thresholds and limits decide what an evaluation sees. */
const nmsPlugins = new Set([
  'EfficientNMS_TRT',
  'EfficientNMS_ONNX_TRT',
  'BatchedNMS_TRT',
  'BatchedNMSDynamic_TRT',
  'NMS_TRT',
  'NMSDynamic_TRT',
]);

/**
 * The NMS plugin nodes of a serialized ONNX model (ModelProto.graph = field
 * 7, GraphProto.node = 1, NodeProto.op_type = 4, name = 3, attribute = 5;
 * AttributeProto name = 1, f = 2, i = 3), read from the protobuf wire format
 * without parsing the rest of the graph (initializers are skipped whole).
 */
export function readNmsPluginNodes(bytes: Uint8Array): PluginNode[] {
  const nodes: PluginNode[] = [];
  for (const field of fields(bytes)) {
    if (field.number !== 7 || field.bytes === undefined) continue;
    for (const graphField of fields(field.bytes)) {
      if (graphField.number !== 1 || graphField.bytes === undefined) continue;
      const node = readNode(graphField.bytes);
      if (nmsPlugins.has(node.opType)) nodes.push(node);
    }
  }
  return nodes;
}

/** onnx.proto TensorProto.DataType -> the type names ONNX Runtime reports. */
const elementTypes: Record<number, string> = {
  1: 'float32',
  2: 'uint8',
  3: 'int8',
  5: 'int16',
  6: 'int32',
  7: 'int64',
  9: 'bool',
  10: 'float16',
  11: 'float64',
};

/**
 * The graph's inputs (less those that are initializers: old exports list
 * their weights as inputs) and outputs, with shapes and element types
 * (GraphProto input = 11, output = 12, initializer = 5; ValueInfoProto name
 * = 1, type = 2; TypeProto tensor_type = 1: elem_type = 1, shape = 2;
 * TensorShapeProto dim = 1: dim_value = 1, dim_param = 2), for a model no
 * backend here can open (TensorRT plugins).
 */
export function readGraphTensors(bytes: Uint8Array): {
  inputs: ModelTensor[];
  outputs: ModelTensor[];
} {
  const inputs: ModelTensor[] = [];
  const outputs: ModelTensor[] = [];
  const initializers = new Set<string>();
  for (const field of fields(bytes)) {
    if (field.number !== 7 || field.bytes === undefined) continue;
    for (const graphField of fields(field.bytes)) {
      if (graphField.bytes === undefined) continue;
      if (graphField.number === 11) inputs.push(readValueInfo(graphField.bytes));
      else if (graphField.number === 12) outputs.push(readValueInfo(graphField.bytes));
      else if (graphField.number === 5) {
        for (const tensorField of fields(graphField.bytes))
          if (tensorField.number === 8 && tensorField.bytes)
            initializers.add(text.decode(tensorField.bytes));
      }
    }
  }
  return { inputs: inputs.filter((input) => !initializers.has(input.name)), outputs };
}

function readValueInfo(bytes: Uint8Array): ModelTensor {
  let name = '';
  let type: string | undefined;
  const shape: (number | string)[] = [];
  for (const field of fields(bytes)) {
    if (field.number === 1 && field.bytes) name = text.decode(field.bytes);
    if (field.number !== 2 || !field.bytes) continue;
    for (const typeField of fields(field.bytes)) {
      if (typeField.number !== 1 || !typeField.bytes) continue;
      for (const tensorField of fields(typeField.bytes)) {
        if (tensorField.number === 1 && tensorField.varint !== undefined)
          type = elementTypes[tensorField.varint] ?? `type ${tensorField.varint}`;
        if (tensorField.number !== 2 || !tensorField.bytes) continue;
        for (const dim of fields(tensorField.bytes)) {
          if (dim.number !== 1 || !dim.bytes) continue;
          let size: number | string = -1;
          for (const part of fields(dim.bytes)) {
            if (part.number === 1 && part.varint !== undefined) size = part.varint;
            else if (part.number === 2 && part.bytes) size = text.decode(part.bytes);
          }
          shape.push(size);
        }
      }
    }
  }
  return { name, shape, ...(type ? { type } : {}) };
}

const text = new TextDecoder();

function readNode(bytes: Uint8Array): PluginNode {
  const node: PluginNode = { opType: '', name: '', attributes: {} };
  for (const field of fields(bytes)) {
    if (field.number === 4 && field.bytes) node.opType = text.decode(field.bytes);
    else if (field.number === 3 && field.bytes) node.name = text.decode(field.bytes);
    else if (field.number === 5 && field.bytes) {
      let name = '';
      let value: number | undefined;
      for (const attribute of fields(field.bytes)) {
        if (attribute.number === 1 && attribute.bytes) name = text.decode(attribute.bytes);
        else if (attribute.number === 2 && attribute.fixed32 !== undefined)
          value = attribute.fixed32;
        else if (attribute.number === 3 && attribute.varint !== undefined) value = attribute.varint;
      }
      if (name !== '' && value !== undefined) node.attributes[name] = value;
    }
  }
  return node;
}

interface Field {
  number: number;
  bytes?: Uint8Array;
  varint?: number;
  fixed32?: number;
}

function* fields(buffer: Uint8Array): Generator<Field> {
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  let position = 0;
  const varint = (): bigint => {
    let value = 0n;
    let shift = 0n;
    for (;;) {
      if (position >= buffer.length) throw truncated();
      const byte = buffer[position++];
      value |= BigInt(byte & 0x7f) << shift;
      if (byte < 0x80) return value;
      shift += 7n;
    }
  };
  while (position < buffer.length) {
    const tag = Number(varint());
    const number = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (wireType === 0) {
      // int64 two's complement: -1 is 2^64 - 1 on the wire.
      yield { number, varint: Number(BigInt.asIntN(64, varint())) };
    } else if (wireType === 2) {
      const length = Number(varint());
      if (position + length > buffer.length) throw truncated();
      yield { number, bytes: buffer.subarray(position, position + length) };
      position += length;
    } else if (wireType === 5) {
      if (position + 4 > buffer.length) throw truncated();
      yield { number, fixed32: view.getFloat32(position, true) };
      position += 4;
    } else if (wireType === 1) position += 8;
    else throw new TrtmapError('ERR_ONNX', `not an ONNX model (protobuf wire type ${wireType})`);
  }
}

function truncated(): TrtmapError {
  return new TrtmapError('ERR_ONNX', 'truncated or not an ONNX model');
}
