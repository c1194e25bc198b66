import type { GraphIndex } from '../onnx/graph.js';
import { DataType } from '../onnx/proto.js';
import { inferElementTypes } from '../onnx/types.js';

/** Every float32 activation: graph inputs and node outputs (not constants), in graph order. */
export function floatActivations(index: GraphIndex): string[] {
  const types = inferElementTypes(index);
  const names: string[] = [];
  for (const input of index.graph.input ?? []) {
    const name = input.name ?? '';
    if (!index.initializers.has(name) && types.get(name) === DataType.FLOAT) names.push(name);
  }
  for (const node of index.nodes) {
    if (node.opType === 'Constant') continue;
    for (const output of node.output ?? [])
      if (output && types.get(output) === DataType.FLOAT) names.push(output);
  }
  return names;
}
