import type { GraphIndex } from '../../onnx/graph.js';
import { attributeNumber } from '../../onnx/graph.js';
import type { NodeProto } from '../../onnx/proto.js';
import { detectionTail, weightedOps } from '../tail.js';

/** A weight to quantize: the constant, its consumer, and the axis of per-channel scales (undefined: per tensor). */
export interface WeightSite {
  node: NodeProto;
  input: number;
  tensor: string;
  axis?: number;
}

/** Where Q/DQ pairs go: activation tensors (with the consumers and inputs they feed) and weights. */
export interface QdqPlacement {
  /** activation tensor -> the (node, input index) pairs that read its Q/DQ copy. */
  activations: Map<string, { node: NodeProto; input: number }[]>;
  weights: WeightSite[];
  /** Nodes left in float and why ("detection tail", "--exclude-nodes", "--exclude-ops"). */
  excluded: Map<string, string>;
}

export interface PlacementOptions {
  excludeNodes?: readonly string[];
  excludeOps?: readonly string[];
  /** Quantize the detection tail too (default: leave it in float). */
  quantizeTail?: boolean;
}

/**
 * Q/DQ placement as NVIDIA's TensorRT guide recommends ("Q/DQ layer
 * placement recommendations", TensorRT developer guide, explicit
 * quantization): quantize every input of weighted operations (Conv,
 * ConvTranspose, Gemm, MatMul: the activation per tensor, the weights per
 * output channel on axis 0 for Conv), do not quantize their outputs (TensorRT
 * fuses the following bias, BN and activation and propagates the scales),
 * and quantize the residual input of an Add so TensorRT can fuse the
 * addition into the convolution. The detection tail stays in float unless
 * asked, as do nodes the user excludes.
 */
export function placeQdq(index: GraphIndex, options: PlacementOptions = {}): QdqPlacement {
  const excluded = new Map<string, string>();
  const tail = options.quantizeTail ? new Set<string>() : detectionTail(index);
  const excludeNodes = new Set(options.excludeNodes ?? []);
  const excludeOps = new Set(options.excludeOps ?? []);
  const activations = new Map<string, { node: NodeProto; input: number }[]>();
  const weights: WeightSite[] = [];
  const isActivation = (name: string) => name !== '' && index.constant(name) === undefined;
  const quantize = (node: NodeProto, input: number) => {
    const tensor = (node.input ?? [])[input];
    const list = activations.get(tensor);
    if (list) list.push({ node, input });
    else activations.set(tensor, [{ node, input }]);
  };

  for (const node of index.nodes) {
    const name = node.name ?? '';
    const op = node.opType ?? '';
    const inputs = node.input ?? [];
    if (!weightedOps.has(op) && op !== 'Add') continue;
    if (excludeNodes.has(name)) {
      excluded.set(name, '--exclude-nodes');
      continue;
    }
    if (excludeOps.has(op)) {
      excluded.set(name, '--exclude-ops');
      continue;
    }
    if (tail.has(name)) {
      excluded.set(name, 'detection tail (heads, box decode)');
      continue;
    }
    if (weightedOps.has(op)) {
      if (isActivation(inputs[0])) quantize(node, 0);
      if (isActivation(inputs[1])) quantize(node, 1);
      else weights.push({ node, input: 1, tensor: inputs[1], axis: weightAxis(node) });
    } else if (isActivation(inputs[0]) && isActivation(inputs[1])) {
      residualInputs(index, node).forEach((input) => quantize(node, input));
    }
  }
  return { activations, weights, excluded };
}

/** Conv weights [M, C/g, kH, kW]: per output channel, axis 0. Others per tensor (TensorRT 8.2 takes any). */
function weightAxis(node: NodeProto): number | undefined {
  if (node.opType === 'Conv') return 0;
  if (node.opType === 'Gemm' && attributeNumber(node, 'transB', 0) === 1) return 0;
  return undefined;
}

/**
 * The residual input(s) of an Add of two activations: the input not
 * produced by a weighted operation; when both or neither are, both inputs
 * (onnxruntime's QDQ quantizer quantizes both inputs of Add as well).
 */
function residualInputs(index: GraphIndex, node: NodeProto): number[] {
  const fromWeighted = (node.input ?? [])
    .slice(0, 2)
    .map((tensor) => weightedOps.has(index.producer.get(tensor)?.opType ?? ''));
  if (fromWeighted[0] !== fromWeighted[1]) return [fromWeighted[0] ? 1 : 0];
  return [0, 1];
}
