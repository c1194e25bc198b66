import type { GraphBuilder } from '../onnx/graph-builder.js';
import { foldBatchNorm } from './batch-norm.js';
import type {
  Activation,
  ConvolutionalLayer,
  DarknetLayer,
  MaxpoolLayer,
  RouteLayer,
  ScaleChannelsLayer,
  ShortcutLayer,
  UpsampleLayer,
} from './layers.js';
import type { ConvolutionalWeights } from './weights.js';

/** Emitters from darknet layers to ONNX nodes; each returns its output tensor's name. */

export interface EmitContext {
  builder: GraphBuilder;
  opset: number;
  /** Output tensor of every layer emitted so far, by layer index. */
  tensors: string[];
  layers: readonly DarknetLayer[];
}

export function emitConvolutional(
  context: EmitContext,
  layer: ConvolutionalLayer,
  input: string,
  weights: ConvolutionalWeights,
): string {
  const { builder } = context;
  const { kernel, bias } = foldBatchNorm(layer, weights);
  const base = `conv_${layer.index}`;
  const kernelShape = [layer.filters, layer.input.channels / layer.groups, layer.size, layer.size];
  const weight = builder.floatConstant(`${base}.weight`, kernelShape, kernel);
  const biasName = builder.floatConstant(`${base}.bias`, [layer.filters], bias);
  const pad = layer.padding;
  const output = builder.node('Conv', [input, weight, biasName], base, [
    { name: 'kernel_shape', kind: 'ints', value: [layer.size, layer.size] },
    { name: 'strides', kind: 'ints', value: [layer.strideY, layer.strideX] },
    { name: 'pads', kind: 'ints', value: [pad, pad, pad, pad] },
    { name: 'dilations', kind: 'ints', value: [1, 1] },
    { name: 'group', kind: 'int', value: layer.groups },
  ]);
  return emitActivation(context, output, layer.activation, base);
}

export function emitActivation(
  context: EmitContext,
  input: string,
  activation: Activation,
  base: string,
): string {
  const { builder } = context;
  switch (activation) {
    case 'linear':
      return input;
    case 'leaky':
      // darknet's leaky_activate uses a slope of .1f.
      return builder.node('LeakyRelu', [input], `${base}_leaky`, [
        { name: 'alpha', kind: 'float', value: 0.1 },
      ]);
    case 'relu':
      return builder.node('Relu', [input], `${base}_relu`);
    case 'logistic':
      return builder.node('Sigmoid', [input], `${base}_logistic`);
    case 'swish':
      return builder.node(
        'Mul',
        [input, builder.node('Sigmoid', [input], `${base}_sigmoid`)],
        `${base}_swish`,
      );
    case 'mish': {
      // Mish is an operator from opset 18; before that compose it. darknet's
      // softplus thresholds at |x| > 20, where log(1+e^x) equals x or e^x in float32 anyway.
      if (context.opset >= 18) return builder.node('Mish', [input], `${base}_mish`);
      const softplus = builder.node('Softplus', [input], `${base}_softplus`);
      return builder.node(
        'Mul',
        [input, builder.node('Tanh', [softplus], `${base}_tanh`)],
        `${base}_mish`,
      );
    }
  }
}

export function emitMaxpool(context: EmitContext, layer: MaxpoolLayer, input: string): string {
  // darknet pads padding/2 before and the remainder after (forward_maxpool_layer's
  // offset is -pad/2), so size 2 stride 1 (yolov3-tiny) pads 0 before and 1 after.
  const before = Math.floor(layer.padding / 2);
  const after = layer.padding - before;
  return context.builder.node('MaxPool', [input], `maxpool_${layer.index}`, [
    { name: 'kernel_shape', kind: 'ints', value: [layer.size, layer.size] },
    { name: 'strides', kind: 'ints', value: [layer.strideY, layer.strideX] },
    { name: 'pads', kind: 'ints', value: [before, before, after, after] },
  ]);
}

export function emitUpsample(context: EmitContext, layer: UpsampleLayer, input: string): string {
  const { builder } = context;
  const base = `upsample_${layer.index}`;
  // Nearest neighbour with integer stride: out[y][x] = in[floor(y/s)][floor(x/s)], as upsample_cpu.
  const roi = builder.floatConstant(`${base}.roi`, [0], []);
  const scales = builder.floatConstant(`${base}.scales`, [4], [1, 1, layer.stride, layer.stride]);
  const output = builder.node('Resize', [input, roi, scales], base, [
    { name: 'mode', kind: 'string', value: 'nearest' },
    { name: 'coordinate_transformation_mode', kind: 'string', value: 'asymmetric' },
    { name: 'nearest_mode', kind: 'string', value: 'floor' },
  ]);
  if (layer.scale === 1) return output;
  const scale = builder.floatConstant(`${base}.scale`, [], [layer.scale]);
  return builder.node('Mul', [output, scale], `${base}_scaled`);
}

export function emitRoute(context: EmitContext, layer: RouteLayer): string {
  const { builder, tensors } = context;
  const base = `route_${layer.index}`;
  const parts = layer.layers.map((source) => {
    if (layer.groups === 1) return tensors[source];
    // forward_route_layer copies group `group_id` of each input's channels.
    const part = context.layers[source].output.channels / layer.groups;
    return builder.node(
      'Slice',
      [
        tensors[source],
        builder.int64Constant(`${base}.starts`, [part * layer.groupId]),
        builder.int64Constant(`${base}.ends`, [part * (layer.groupId + 1)]),
        builder.int64Constant(`${base}.axes`, [1]),
      ],
      `${base}_group`,
    );
  });
  if (parts.length === 1) return parts[0];
  return builder.node('Concat', parts, base, [{ name: 'axis', kind: 'int', value: 1 }]);
}

export function emitShortcut(context: EmitContext, layer: ShortcutLayer, input: string): string {
  let sum = input;
  for (const source of layer.from) {
    sum = context.builder.node('Add', [sum, context.tensors[source]], `shortcut_${layer.index}`);
  }
  return emitActivation(context, sum, layer.activation, `shortcut_${layer.index}`);
}

/** forward_avgpool_layer: the mean of each channel over all pixels, to C x 1 x 1. */
export function emitAvgpool(context: EmitContext, index: number, input: string): string {
  return context.builder.node('GlobalAveragePool', [input], `avgpool_${index}`);
}

/**
 * forward_scale_channels_layer: output = from x input, the input broadcast
 * over pixels (C x 1 x 1) or, with scale_wh, over channels (1 x H x W), which
 * is exactly ONNX Mul's broadcasting; then the layer's activation.
 */
export function emitScaleChannels(
  context: EmitContext,
  layer: ScaleChannelsLayer,
  input: string,
): string {
  const base = `scale_channels_${layer.index}`;
  const product = context.builder.node('Mul', [context.tensors[layer.from], input], base);
  return emitActivation(context, product, layer.activation, base);
}
