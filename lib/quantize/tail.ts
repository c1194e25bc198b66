import type { GraphIndex } from '../onnx/graph.js';

/** Operators with weights: TensorRT's "weighted operations" (Q/DQ placement guide). */
export const weightedOps: ReadonlySet<string> = new Set([
  'Conv',
  'ConvTranspose',
  'Gemm',
  'MatMul',
]);

/** Operators that read only their input's shape, never its values. */
const shapeOnlyOps = new Set(['Shape', 'Size']);

/**
 * The detection tail: every node between the last weighted operations and
 * the graph outputs (box decode, sigmoid/softmax, reshapes and concats of
 * the heads), and those last weighted operations themselves (the heads'
 * final convolutions). Found by walking back from each graph output until a
 * weighted operation stops the walk. Returns node names.
 */
export function detectionTail(index: GraphIndex): Set<string> {
  const tail = new Set<string>();
  const seen = new Set<string>();
  const stack = [...index.outputNames()];
  while (stack.length > 0) {
    const tensor = stack.pop()!;
    if (seen.has(tensor)) continue;
    seen.add(tensor);
    const node = index.producer.get(tensor);
    if (!node) continue;
    tail.add(node.name ?? '');
    const op = node.opType ?? '';
    if (weightedOps.has(op) || shapeOnlyOps.has(op)) continue;
    for (const input of node.input ?? [])
      if (input && !index.initializers.has(input)) stack.push(input);
  }
  return tail;
}
