import { ProtoWriter } from './protobuf.js';

/**
 * Plain descriptions of the ONNX messages the converter writes, and their
 * encoding. Field numbers are those of onnx/onnx.proto (IR version 3 and later).
 */

export const TensorDataType = { Float: 1, Int32: 6, Int64: 7 } as const;
export type TensorDataType = (typeof TensorDataType)[keyof typeof TensorDataType];

export interface TensorDef {
  name: string;
  dims: readonly number[];
  /** Float tensors as Float32Array, Int64 tensors as BigInt64Array. */
  data: Float32Array | BigInt64Array;
}

export type AttributeDef =
  | { name: string; kind: 'int'; value: number }
  | { name: string; kind: 'ints'; value: readonly number[] }
  | { name: string; kind: 'float'; value: number }
  | { name: string; kind: 'string'; value: string };

export interface NodeDef {
  name: string;
  opType: string;
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: readonly AttributeDef[];
}

/** A dimension is a fixed size or a symbolic name such as "batch". */
export type Dimension = number | string;

export interface ValueInfoDef {
  name: string;
  elemType: TensorDataType;
  shape: readonly Dimension[];
}

export interface GraphDef {
  name: string;
  nodes: readonly NodeDef[];
  initializers: readonly TensorDef[];
  inputs: readonly ValueInfoDef[];
  outputs: readonly ValueInfoDef[];
}

export interface ModelDef {
  irVersion: number;
  opsetVersion: number;
  producerName: string;
  producerVersion: string;
  docString?: string;
  graph: GraphDef;
  metadata: Readonly<Record<string, string>>;
}

// onnx.proto AttributeProto.AttributeType
const AttributeType = { float: 1, int: 2, string: 3, ints: 7 } as const;

export function encodeModel(model: ModelDef): Uint8Array {
  const writer = new ProtoWriter()
    .int(1, model.irVersion)
    .string(2, model.producerName)
    .string(3, model.producerVersion);
  if (model.docString) writer.string(6, model.docString);
  writer.message(7, (graph) => writeGraph(graph, model.graph));
  writer.message(8, (opset) => opset.string(1, '').int(2, model.opsetVersion));
  for (const [key, value] of Object.entries(model.metadata)) {
    writer.message(14, (entry) => entry.string(1, key).string(2, value));
  }
  return writer.finish();
}

function writeGraph(writer: ProtoWriter, graph: GraphDef): void {
  for (const node of graph.nodes) writer.message(1, (inner) => writeNode(inner, node));
  writer.string(2, graph.name);
  for (const tensor of graph.initializers) writer.message(5, (inner) => writeTensor(inner, tensor));
  for (const input of graph.inputs) writer.message(11, (inner) => writeValueInfo(inner, input));
  for (const output of graph.outputs) writer.message(12, (inner) => writeValueInfo(inner, output));
}

function writeNode(writer: ProtoWriter, node: NodeDef): void {
  for (const input of node.inputs) writer.string(1, input);
  for (const output of node.outputs) writer.string(2, output);
  writer.string(3, node.name).string(4, node.opType);
  for (const attribute of node.attributes ?? []) {
    writer.message(5, (inner) => writeAttribute(inner, attribute));
  }
}

function writeAttribute(writer: ProtoWriter, attribute: AttributeDef): void {
  writer.string(1, attribute.name);
  switch (attribute.kind) {
    case 'float':
      writer.float(2, attribute.value);
      break;
    case 'int':
      writer.int(3, attribute.value);
      break;
    case 'string':
      writer.string(4, attribute.value);
      break;
    case 'ints':
      writer.packedInts(8, attribute.value);
      break;
  }
  writer.int(20, AttributeType[attribute.kind]);
}

function writeTensor(writer: ProtoWriter, tensor: TensorDef): void {
  writer.packedInts(1, tensor.dims);
  const isFloat = tensor.data instanceof Float32Array;
  writer.int(2, isFloat ? TensorDataType.Float : TensorDataType.Int64);
  writer.string(8, tensor.name);
  writer.bytes(9, littleEndianBytes(tensor.data));
}

/** raw_data is little-endian whatever the host, so write through a DataView. */
function littleEndianBytes(data: Float32Array | BigInt64Array): Uint8Array {
  const bytes = new Uint8Array(data.length * data.BYTES_PER_ELEMENT);
  const view = new DataView(bytes.buffer);
  if (data instanceof Float32Array) {
    for (let index = 0; index < data.length; index++) view.setFloat32(index * 4, data[index], true);
  } else {
    for (let index = 0; index < data.length; index++)
      view.setBigInt64(index * 8, data[index], true);
  }
  return bytes;
}

function writeValueInfo(writer: ProtoWriter, info: ValueInfoDef): void {
  writer.string(1, info.name);
  // TypeProto.tensor_type (1) -> elem_type (1), shape (2) -> dim (1) -> dim_value (1) | dim_param (2)
  writer.message(2, (type) =>
    type.message(1, (tensorType) => {
      tensorType.int(1, info.elemType);
      tensorType.message(2, (shape) => {
        for (const dimension of info.shape) {
          shape.message(1, (dim) =>
            typeof dimension === 'number' ? dim.int(1, dimension) : dim.string(2, dimension),
          );
        }
      });
    }),
  );
}
