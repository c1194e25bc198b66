import { GraphIndex, makeNode, makeValueInfo } from '../../../lib/onnx/graph.js';
import { DataType, onnx, type ModelProto } from '../../../lib/onnx/proto.js';
import { float32Tensor } from '../../../lib/onnx/tensor.js';
import { floatActivations } from '../../../lib/quantize/float-tensors.js';

/** Every float activation of a model, in graph order (what a full calibration cache lists). */
export function float32Activations(model: ModelProto): string[] {
  return floatActivations(new GraphIndex(model.graph!));
}

/**
 * x [1, 16] -> Mul 1000 (`hot`: up to 1e5 on inputs up to 100, beyond float16)
 * -> Mul 0.001 -> Relu (`cool`) -> MatMul [16, 4] -> Add -> Relu -> y.
 */
export function syntheticOverflowModel(): { model: ModelProto; hot: string; cool: string } {
  const weights = Float32Array.from({ length: 64 }, (_, k) => ((k * 7) % 11) / 10 - 0.5);
  const graph = onnx.GraphProto.create({
    name: 'overflow',
    node: [
      makeNode('Mul', ['x', 'thousand'], ['big'], [], 'hot'),
      makeNode('Mul', ['big', 'milli'], ['back'], [], 'down'),
      makeNode('Relu', ['back'], ['relu'], [], 'cool'),
      makeNode('MatMul', ['relu', 'w'], ['mm'], [], 'matmul'),
      makeNode('Add', ['mm', 'b'], ['biased'], [], 'bias'),
      makeNode('Relu', ['biased'], ['y'], [], 'out'),
    ],
    initializer: [
      float32Tensor('thousand', [], Float32Array.of(1000)),
      float32Tensor('milli', [], Float32Array.of(0.001)),
      float32Tensor('w', [16, 4], weights),
      float32Tensor('b', [4], Float32Array.of(0.1, -0.1, 0.2, 0)),
    ],
    input: [makeValueInfo('x', DataType.FLOAT, [1, 16])],
    output: [makeValueInfo('y', DataType.FLOAT, [1, 4])],
  });
  const model = onnx.ModelProto.create({
    irVersion: 8,
    producerName: 'trtmap-test',
    opsetImport: [{ domain: '', version: 13 }],
    graph,
  });
  return { model, hot: 'hot', cool: 'cool' };
}
