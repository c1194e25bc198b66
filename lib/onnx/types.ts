import { attributeNumber, type GraphIndex } from './graph.js';
import { DataType, type NodeProto, type TensorProto } from './proto.js';

/** Outputs whose element type is fixed by the operator (onnx/defs), by output index. */
const fixedOutputTypes: Record<string, Record<number, number>> = {
  Shape: { 0: DataType.INT64 },
  Size: { 0: DataType.INT64 },
  NonZero: { 0: DataType.INT64 },
  ArgMax: { 0: DataType.INT64 },
  ArgMin: { 0: DataType.INT64 },
  NonMaxSuppression: { 0: DataType.INT64 },
  TopK: { 1: DataType.INT64 },
  Unique: { 1: DataType.INT64, 2: DataType.INT64, 3: DataType.INT64 },
  Equal: { 0: DataType.BOOL },
  Greater: { 0: DataType.BOOL },
  GreaterOrEqual: { 0: DataType.BOOL },
  Less: { 0: DataType.BOOL },
  LessOrEqual: { 0: DataType.BOOL },
  Not: { 0: DataType.BOOL },
  And: { 0: DataType.BOOL },
  Or: { 0: DataType.BOOL },
  Xor: { 0: DataType.BOOL },
  IsNaN: { 0: DataType.BOOL },
  IsInf: { 0: DataType.BOOL },
  DynamicQuantizeLinear: { 0: DataType.UINT8, 1: DataType.FLOAT, 2: DataType.UINT8 },
  ConvInteger: { 0: DataType.INT32 },
  MatMulInteger: { 0: DataType.INT32 },
};

/** Operators whose output has the type of input `index` rather than input 0. */
const typeFromInput: Record<string, number> = {
  Where: 1,
  DequantizeLinear: 1, // the scale's type
  QuantizeLinear: 2, // the zero point's type (uint8 when absent)
  Expand: 0,
};

/**
 * Element type (TensorProto.DataType) of every tensor in the graph: from the
 * inputs, initializers and value_info, then propagated through the nodes by
 * the operators' type rules (most operators output their first input's type;
 * the exceptions are listed above, or come from an attribute: Cast `to`,
 * Constant `value`, ConstantOfShape `value`, RandomX `dtype`). Tensors whose
 * type cannot be told are absent from the map.
 */
export function inferElementTypes(index: GraphIndex): Map<string, number> {
  const graph = index.graph;
  const types = new Map<string, number>();
  for (const value of [
    ...(graph.input ?? []),
    ...(graph.valueInfo ?? []),
    ...(graph.output ?? []),
  ]) {
    const elemType = value.type?.tensorType?.elemType;
    if (value.name && elemType) types.set(value.name, elemType);
  }
  for (const [name, tensor] of index.initializers) types.set(name, tensor.dataType ?? 0);
  for (const node of graph.node ?? []) {
    const outputs = node.output ?? [];
    outputs.forEach((output, position) => {
      if (output === '') return;
      const type = outputType(node, position, types);
      if (type !== undefined) types.set(output, type);
    });
  }
  return types;
}

function outputType(
  node: NodeProto,
  position: number,
  types: Map<string, number>,
): number | undefined {
  const op = node.opType ?? '';
  const fixed = fixedOutputTypes[op]?.[position];
  if (fixed !== undefined) return fixed;
  const inputs = node.input ?? [];
  switch (op) {
    case 'Cast':
      return attributeNumber(node, 'to', 0) || undefined;
    case 'CastLike':
      return types.get(inputs[1]);
    case 'Constant':
      return attributeTensor(node, 'value')?.dataType ?? valueAttributeType(node);
    case 'ConstantOfShape':
      return attributeTensor(node, 'value')?.dataType ?? DataType.FLOAT;
    case 'RandomNormal':
    case 'RandomUniform':
    case 'RandomNormalLike':
    case 'RandomUniformLike':
    case 'EyeLike':
      return attributeNumber(node, 'dtype', DataType.FLOAT);
    case 'QuantizeLinear':
      return inputs[2] ? types.get(inputs[2]) : DataType.UINT8;
  }
  const from = typeFromInput[op] ?? 0;
  return types.get(inputs[from] ?? '');
}

function attributeTensor(node: NodeProto, name: string): TensorProto | undefined {
  return (node.attribute ?? []).find((attribute) => attribute.name === name)?.t ?? undefined;
}

/** Constant's value_float(s) / value_int(s) forms (opset 12+). */
function valueAttributeType(node: NodeProto): number | undefined {
  for (const attribute of node.attribute ?? []) {
    if (attribute.name === 'value_float' || attribute.name === 'value_floats')
      return DataType.FLOAT;
    if (attribute.name === 'value_int' || attribute.name === 'value_ints') return DataType.INT64;
  }
  return undefined;
}
