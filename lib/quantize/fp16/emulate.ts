import { GraphIndex, intAttribute, makeNode } from '../../onnx/graph.js';
import {
  DataType,
  decodeModel,
  encodeModelProto,
  type ModelProto,
  type TensorProto,
} from '../../onnx/proto.js';
import { float32Tensor, tensorDims, tensorToFloat32 } from '../../onnx/tensor.js';
import { inferElementTypes } from '../../onnx/types.js';
import { setQuantizationMetadata } from '../metadata.js';

/**
 * The FP32 twin of an FP16 model, for runtimes without float16 kernels
 * (ONNX Runtime's CPU provider lacks most of them): every float16 weight
 * becomes the float32 of the same value, and every tensor the FP16 model
 * stores in float16 is rounded to float16 where it is produced
 * (Cast to float16 then back to float32). Arithmetic inside an operator runs
 * in float32, as TensorRT's FP16 kernels accumulate in float32; what the
 * twin reproduces exactly is the rounding of weights and of every stored
 * activation.
 */
export function emulateFp16(fp16: ModelProto): ModelProto {
  const model = decodeModel(encodeModelProto(fp16));
  const index = new GraphIndex(model.graph!);
  const types = inferElementTypes(index);
  const graph = model.graph!;
  const toFloat = (tensor: TensorProto) =>
    tensor.dataType === DataType.FLOAT16
      ? float32Tensor(tensor.name ?? '', tensorDims(tensor), tensorToFloat32(tensor))
      : tensor;
  graph.initializer = (graph.initializer ?? []).map(toFloat);
  const nodes = [];
  for (const node of index.nodes) {
    for (const attribute of node.attribute ?? [])
      if (attribute.t) attribute.t = toFloat(attribute.t);
    if (
      node.opType === 'Cast' &&
      (node.attribute ?? []).some(
        (entry) => entry.name === 'to' && Number(entry.i) === DataType.FLOAT16,
      )
    ) {
      nodes.push(node);
      const output = node.output![0];
      const rounded = index.uniqueName(`${output}_half`);
      node.output = [rounded];
      nodes.push(
        makeNode(
          'Cast',
          [rounded],
          [output],
          [intAttribute('to', DataType.FLOAT)],
          index.uniqueName(`${output}_to_float`),
        ),
      );
      continue;
    }
    const outputs = node.output ?? [];
    node.output = outputs.map((output) =>
      types.get(output) === DataType.FLOAT16 ? index.uniqueName(`${output}_unrounded`) : output,
    );
    nodes.push(node);
    outputs.forEach((output, position) => {
      if (types.get(output) !== DataType.FLOAT16) return;
      const half = index.uniqueName(`${output}_half`);
      nodes.push(
        makeNode(
          'Cast',
          [node.output![position]],
          [half],
          [intAttribute('to', DataType.FLOAT16)],
          index.uniqueName(`${output}_round`),
        ),
        makeNode(
          'Cast',
          [half],
          [output],
          [intAttribute('to', DataType.FLOAT)],
          index.uniqueName(`${output}_to_float`),
        ),
      );
    });
  }
  graph.node = nodes;
  for (const value of [
    ...(graph.input ?? []),
    ...(graph.output ?? []),
    ...(graph.valueInfo ?? []),
  ]) {
    if (value.type?.tensorType?.elemType === DataType.FLOAT16)
      value.type.tensorType.elemType = DataType.FLOAT;
  }
  setQuantizationMetadata(model, {
    precision: 'fp16-emulated',
    note: 'float32 graph with float16 rounding at every tensor the FP16 model stores in float16',
  });
  return model;
}
