import { TrtmapError } from '../errors.js';

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
