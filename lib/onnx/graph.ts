import { TrtmapError } from '../errors.js';
import {
  type AttributeProto,
  DataType,
  onnx,
  type GraphProto,
  type NodeProto,
  type TensorProto,
} from './proto.js';

/**
 * Indexes of a GraphProto for rewriting: who produces and who consumes each
 * tensor, the initializers and constants by name, and fresh names. The
 * graph's arrays are replaced, never mutated in place (see proto.ts); nodes
 * without a name are given one.
 */
export class GraphIndex {
  readonly producer = new Map<string, NodeProto>();
  readonly consumers = new Map<string, NodeProto[]>();
  readonly initializers = new Map<string, TensorProto>();
  private readonly names = new Set<string>();

  constructor(readonly graph: GraphProto) {
    for (const tensor of graph.initializer ?? []) {
      this.initializers.set(tensor.name ?? '', tensor);
      this.names.add(tensor.name ?? '');
    }
    for (const value of [
      ...(graph.input ?? []),
      ...(graph.output ?? []),
      ...(graph.valueInfo ?? []),
    ])
      this.names.add(value.name ?? '');
    for (const node of graph.node ?? []) {
      if (node.name) this.names.add(node.name);
      for (const output of node.output ?? []) {
        this.producer.set(output, node);
        this.names.add(output);
      }
      for (const input of node.input ?? []) {
        if (input === '') continue;
        const list = this.consumers.get(input);
        if (list) list.push(node);
        else this.consumers.set(input, [node]);
        this.names.add(input);
      }
    }
    // Unnamed nodes (ONNX allows them) get their first output's name, so
    // that exclusions, reports and sets of nodes can name every node.
    const nodeNames = new Set((graph.node ?? []).map((node) => node.name ?? ''));
    for (const node of graph.node ?? []) {
      if (node.name) continue;
      const base = node.output?.[0] || node.opType || 'node';
      let name = base;
      for (let suffix = 1; nodeNames.has(name); suffix++) name = `${base}_${suffix}`;
      nodeNames.add(name);
      node.name = name;
    }
  }

  get nodes(): NodeProto[] {
    return this.graph.node ?? [];
  }

  /** A tensor or node name not used in the graph yet, derived from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.names.has(name); suffix++) name = `${base}_${suffix}`;
    this.names.add(name);
    return name;
  }

  /** The value of a constant tensor: an initializer or a Constant node's `value`. */
  constant(name: string): TensorProto | undefined {
    const initializer = this.initializers.get(name);
    if (initializer) return initializer;
    const node = this.producer.get(name);
    if (node?.opType === 'Constant') {
      return (node.attribute ?? []).find((attribute) => attribute.name === 'value')?.t ?? undefined;
    }
    return undefined;
  }

  /** Names of the graph outputs. */
  outputNames(): Set<string> {
    return new Set((this.graph.output ?? []).map((output) => output.name ?? ''));
  }
}

/** A node's attribute as a number (int or float), or `fallback`. */
export function attributeNumber(node: NodeProto, name: string, fallback: number): number {
  const attribute = (node.attribute ?? []).find((entry) => entry.name === name);
  if (!attribute) return fallback;
  if (attribute.type === onnx.AttributeProto.AttributeType.FLOAT) return attribute.f ?? fallback;
  const value = attribute.i;
  if (value === null || value === undefined) return fallback;
  return typeof value === 'number' ? value : value.toNumber();
}

/** A new node; `name` defaults to its first output. */
export function makeNode(
  opType: string,
  inputs: readonly string[],
  outputs: readonly string[],
  attributes: AttributeProto[] = [],
  name = outputs[0],
): NodeProto {
  return onnx.NodeProto.create({
    opType,
    input: [...inputs],
    output: [...outputs],
    name,
    attribute: attributes,
  });
}

const { AttributeType } = onnx.AttributeProto;

export const intAttribute = (name: string, i: number): AttributeProto =>
  onnx.AttributeProto.create({ name, i, type: AttributeType.INT });
export const floatAttribute = (name: string, f: number): AttributeProto =>
  onnx.AttributeProto.create({ name, f, type: AttributeType.FLOAT });
export const intsAttribute = (name: string, ints: number[]): AttributeProto =>
  onnx.AttributeProto.create({ name, ints, type: AttributeType.INTS });

/** A graph input/output description: element type, and the shape when known. */
export function makeValueInfo(
  name: string,
  elemType: number,
  shape?: readonly (number | string)[],
) {
  return onnx.ValueInfoProto.create({
    name,
    type: {
      tensorType: {
        elemType,
        ...(shape
          ? {
              shape: {
                dim: shape.map((dim) =>
                  typeof dim === 'number' ? { dimValue: dim } : { dimParam: dim },
                ),
              },
            }
          : {}),
      },
    },
  });
}

/**
 * Orders the nodes so that every tensor is produced before it is consumed
 * (ONNX requires it; rewrites append nodes anywhere). Stable: nodes keep
 * their relative order where the data allow. Throws ERR_ONNX on a cycle.
 */
export function sortTopologically(graph: GraphProto): void {
  const nodes = graph.node ?? [];
  const available = new Set<string>(['']);
  for (const tensor of graph.initializer ?? []) available.add(tensor.name ?? '');
  for (const input of graph.input ?? []) available.add(input.name ?? '');
  const waiting = new Map<string, number[]>();
  const missing = nodes.map((node, index) => {
    let count = 0;
    for (const input of new Set(node.input ?? [])) {
      if (available.has(input)) continue;
      count++;
      const list = waiting.get(input);
      if (list) list.push(index);
      else waiting.set(input, [index]);
    }
    return count;
  });
  // A min-heap would be exact; a sorted ready list is fast enough for detector graphs.
  const ready = missing.flatMap((count, index) => (count === 0 ? [index] : []));
  const order: NodeProto[] = [];
  while (ready.length > 0) {
    ready.sort((a, b) => b - a);
    const index = ready.pop()!;
    order.push(nodes[index]);
    for (const output of nodes[index].output ?? []) {
      if (available.has(output)) continue;
      available.add(output);
      for (const consumer of waiting.get(output) ?? [])
        if (--missing[consumer] === 0) ready.push(consumer);
    }
  }
  if (order.length !== nodes.length) {
    throw new TrtmapError(
      'ERR_ONNX',
      'the rewritten graph has a cycle or a tensor nobody produces (a bug in trtmap)',
    );
  }
  graph.node = order;
}

export const floatTypes: ReadonlySet<number> = new Set([
  DataType.FLOAT,
  DataType.FLOAT16,
  DataType.DOUBLE,
  DataType.BFLOAT16,
]);
