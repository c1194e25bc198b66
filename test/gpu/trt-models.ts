// Tiny ONNX models written with lib/onnx for the TensorRT GPU tests: exact
// expected outputs, a dynamic batch, and a node TensorRT cannot parse.
import { writeFileSync } from 'node:fs';
import { TensorDataType, encodeModel, type NodeDef } from '../../lib/onnx/model.js';

export const scaleWeights = Float32Array.from([0.5, -2, 3, 0.25]);

function writeModel(file: string, nodes: NodeDef[], batch: number | string): string {
  const model = encodeModel({
    irVersion: 7,
    opsetVersion: 13,
    producerName: 'trtmap-tests',
    producerVersion: '0',
    graph: {
      name: 'scale',
      nodes,
      initializers: [{ name: 'w', dims: [4], data: scaleWeights }],
      inputs: [{ name: 'x', elemType: TensorDataType.Float, shape: [batch, 4] }],
      outputs: [{ name: 'y', elemType: TensorDataType.Float, shape: [batch, 4] }],
    },
    metadata: {},
  });
  writeFileSync(file, model);
  return file;
}

/** y = relu(x * w), batch dimension "batch" (dynamic). */
export function writeScaleModel(file: string): string {
  return writeModel(
    file,
    [
      { name: 'scale', opType: 'Mul', inputs: ['x', 'w'], outputs: ['scaled'] },
      { name: 'clip', opType: 'Relu', inputs: ['scaled'], outputs: ['y'] },
    ],
    'batch',
  );
}

/** A graph with an operator no TensorRT knows, in the node named "mystery". */
export function writeUnparsableModel(file: string): string {
  return writeModel(
    file,
    [{ name: 'mystery', opType: 'NoSuchOperator', inputs: ['x', 'w'], outputs: ['y'] }],
    1,
  );
}

export function expectedScale(input: Float32Array): Float32Array {
  return input.map((value, index) => Math.max(0, value * scaleWeights[index % 4]!));
}
