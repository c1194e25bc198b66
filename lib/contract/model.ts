import type { YoloDecoderMetadata } from '../darknet/metadata.js';
import type { PluginNode } from './onnx-graph.js';
import type { ModelTensor } from './types.js';

/** What the contract is resolved from and checked against. */
export interface ModelDescription {
  /** The model file, for messages. */
  path?: string;
  inputs: readonly ModelTensor[];
  outputs: readonly ModelTensor[];
  /**
   * Key/value metadata: an ONNX model's metadata_props (strings, Python
   * literals for Ultralytics), or an Ultralytics `.engine` header (JSON values).
   */
  metadata?: Readonly<Record<string, unknown>>;
  /** The decode metadata of a darknet model converted by trtmap. */
  darknet?: YoloDecoderMetadata;
  /** TensorRT NMS plugin nodes in an ONNX graph (their own thresholds decide what is evaluated). */
  nmsPlugins?: readonly PluginNode[];
}

/** "name [1, 84, 8400]" for messages. */
export function describeTensor(tensor: ModelTensor): string {
  return `${tensor.name} [${tensor.shape.join(', ')}]`;
}

export function describeOutputs(model: ModelDescription): string {
  return model.outputs.map(describeTensor).join(', ') || 'no outputs';
}

/** Fixed dimensions as numbers, dynamic ones as -1. */
export function dimsOf(tensor: ModelTensor): number[] {
  return tensor.shape.map((size) => (typeof size === 'number' && size > 0 ? size : -1));
}

export function isIntegerType(tensor: ModelTensor): boolean {
  return tensor.type !== undefined && /^u?int|bool/.test(tensor.type);
}
