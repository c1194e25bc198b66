import type { AttributeDef, GraphDef, NodeDef, TensorDef, ValueInfoDef } from './model.js';

/**
 * Collects nodes and initializers while a converter walks its source graph,
 * handing out unique tensor names so emitters never have to coordinate.
 */
export class GraphBuilder {
  readonly nodes: NodeDef[] = [];
  readonly initializers: TensorDef[] = [];
  private readonly used = new Set<string>();

  /** A name not used yet, derived from `base`. */
  uniqueName(base: string): string {
    let name = base;
    for (let suffix = 1; this.used.has(name); suffix++) name = `${base}_${suffix}`;
    this.used.add(name);
    return name;
  }

  reserve(name: string): string {
    this.used.add(name);
    return name;
  }

  /** Adds a node with one output and returns that output's name. */
  node(
    opType: string,
    inputs: readonly string[],
    outputBase: string,
    attributes: readonly AttributeDef[] = [],
  ): string {
    const output = this.uniqueName(outputBase);
    this.nodes.push({ name: output, opType, inputs, outputs: [output], attributes });
    return output;
  }

  floatConstant(base: string, dims: readonly number[], values: ArrayLike<number>): string {
    const name = this.uniqueName(base);
    this.initializers.push({ name, dims, data: Float32Array.from(values) });
    return name;
  }

  int64Constant(base: string, values: readonly number[]): string {
    const name = this.uniqueName(base);
    this.initializers.push({
      name,
      dims: [values.length],
      data: BigInt64Array.from(values, (value) => BigInt(value)),
    });
    return name;
  }

  /** Renames a tensor everywhere it is produced or consumed (used to name graph outputs). */
  rename(from: string, to: string): void {
    const swap = (name: string) => (name === from ? to : name);
    for (let index = 0; index < this.nodes.length; index++) {
      const node = this.nodes[index];
      this.nodes[index] = {
        ...node,
        inputs: node.inputs.map(swap),
        outputs: node.outputs.map(swap),
      };
    }
    this.used.add(to);
  }

  build(name: string, inputs: ValueInfoDef[], outputs: ValueInfoDef[]): GraphDef {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }
}
