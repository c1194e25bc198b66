import { makeNode, intAttribute, sortTopologically, type GraphIndex } from '../../onnx/graph.js';
import { float32Tensor, int8Tensor, tensorDims, tensorToFloat32 } from '../../onnx/tensor.js';
import type { TensorProto } from '../../onnx/proto.js';
import type { TensorRange } from '../calibrators/calibrator.js';
import type { QdqPlacement, WeightSite } from './placement.js';

/** Symmetric INT8 with zero point 0: scale = amax / 127 (TensorRT's convention). */
export const int8Max = 127;

/** A usable scale for a threshold: an all-zero tensor gets scale 1 (its values quantize to 0 either way). */
export function scaleOf(amax: number): number {
  return amax > 0 && Number.isFinite(amax) ? amax / int8Max : 1;
}

/**
 * Writes the Q/DQ pairs of a placement into the graph: one
 * QuantizeLinear -> DequantizeLinear pair per activation tensor (scale from
 * its calibrated range, int8 zero point 0), read by the quantized consumers
 * only; and for each weight, the float weights -> QuantizeLinear ->
 * DequantizeLinear with per-channel scales (max |w| of the channel / 127),
 * the form pytorch-quantization and ModelOpt export and TensorRT 8.x to 11
 * parse. Returns the scale of every quantized activation.
 */
export function insertQdq(
  index: GraphIndex,
  placement: QdqPlacement,
  ranges: ReadonlyMap<string, TensorRange>,
): Map<string, number> {
  const graph = index.graph;
  const nodes = [...(graph.node ?? [])];
  const initializers: TensorProto[] = [];
  const scales = new Map<string, number>();
  for (const [tensor, consumers] of placement.activations) {
    const range = ranges.get(tensor);
    if (!range) continue; // never reached by the calibration data: left in float
    const scale = scaleOf(range.amax);
    scales.set(tensor, scale);
    const dequantized = addPair(index, nodes, initializers, tensor, [], Float32Array.of(scale));
    for (const { node, input } of consumers) {
      const inputs = [...(node.input ?? [])];
      inputs[input] = dequantized;
      node.input = inputs;
    }
  }
  for (const site of placement.weights) quantizeWeight(index, nodes, initializers, site);
  graph.node = nodes;
  graph.initializer = [...(graph.initializer ?? []), ...initializers];
  sortTopologically(graph);
  return scales;
}

function addPair(
  index: GraphIndex,
  nodes: ReturnType<typeof makeNode>[],
  initializers: TensorProto[],
  tensor: string,
  scaleDims: number[],
  scale: Float32Array,
  axis?: number,
): string {
  const scaleName = index.uniqueName(`${tensor}_scale`);
  const zeroName = index.uniqueName(`${tensor}_zero_point`);
  initializers.push(float32Tensor(scaleName, scaleDims, scale));
  initializers.push(int8Tensor(zeroName, scaleDims, new Int8Array(scale.length)));
  const quantized = index.uniqueName(`${tensor}_quantized`);
  const dequantized = index.uniqueName(`${tensor}_dequantized`);
  const attributes = axis === undefined ? [] : [intAttribute('axis', axis)];
  nodes.push(
    makeNode(
      'QuantizeLinear',
      [tensor, scaleName, zeroName],
      [quantized],
      attributes,
      index.uniqueName(`${tensor}_QuantizeLinear`),
    ),
    makeNode(
      'DequantizeLinear',
      [quantized, scaleName, zeroName],
      [dequantized],
      attributes,
      index.uniqueName(`${tensor}_DequantizeLinear`),
    ),
  );
  return dequantized;
}

/** Per-channel (or per-tensor) max |w| / 127 of a weight, then its Q/DQ pair. */
function quantizeWeight(
  index: GraphIndex,
  nodes: ReturnType<typeof makeNode>[],
  initializers: TensorProto[],
  site: WeightSite,
): void {
  const weight = index.constant(site.tensor);
  if (!weight) return;
  const values = tensorToFloat32(weight);
  const dims = tensorDims(weight);
  const channels = site.axis === undefined ? 1 : dims[site.axis];
  const inner = values.length / channels; // axis 0: channel c is one contiguous block
  const scale = new Float32Array(channels);
  for (let channel = 0; channel < channels; channel++) {
    let amax = 0;
    for (let offset = channel * inner; offset < (channel + 1) * inner; offset++)
      amax = Math.max(amax, Math.abs(values[offset]));
    scale[channel] = scaleOf(amax);
  }
  const dequantized =
    site.axis === undefined
      ? addPair(index, nodes, initializers, site.tensor, [], scale)
      : addPair(index, nodes, initializers, site.tensor, [channels], scale, site.axis);
  const inputs = [...(site.node.input ?? [])];
  inputs[site.input] = dequantized;
  site.node.input = inputs;
}
