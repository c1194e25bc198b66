/** The darknet layers trtmap converts, after parsing and shape inference. */

export const Activations = ['linear', 'leaky', 'relu', 'mish', 'swish', 'logistic'] as const;
export type Activation = (typeof Activations)[number];

/** Channels, height, width of one image (darknet layers are batch-independent). */
export interface Shape {
  channels: number;
  height: number;
  width: number;
}

interface LayerBase {
  /** Position among the layers, as darknet counts them ([net] excluded). */
  index: number;
  /** Line of the section header in the cfg. */
  line: number;
  input: Shape;
  output: Shape;
}

export interface ConvolutionalLayer extends LayerBase {
  kind: 'convolutional';
  filters: number;
  size: number;
  strideX: number;
  strideY: number;
  /** Padding on every side (darknet's `pad=1` means size/2). */
  padding: number;
  groups: number;
  batchNormalize: boolean;
  activation: Activation;
}

export interface MaxpoolLayer extends LayerBase {
  kind: 'maxpool';
  size: number;
  strideX: number;
  strideY: number;
  /** Total padding per axis; darknet puts padding/2 before and the rest after. */
  padding: number;
}

export interface UpsampleLayer extends LayerBase {
  kind: 'upsample';
  stride: number;
  scale: number;
}

export interface RouteLayer extends LayerBase {
  kind: 'route';
  /** Absolute indices of the layers concatenated along channels. */
  layers: number[];
  groups: number;
  groupId: number;
}

export interface ShortcutLayer extends LayerBase {
  kind: 'shortcut';
  /** Absolute indices of the layers added to the previous layer's output. */
  from: number[];
  activation: Activation;
}

export interface DropoutLayer extends LayerBase {
  kind: 'dropout';
  probability: number;
}

/** Global average pooling to 1x1 per channel (forward_avgpool_layer); no options. */
export interface AvgpoolLayer extends LayerBase {
  kind: 'avgpool';
}

/**
 * Multiplies an earlier layer's output by this layer's input
 * (forward_scale_channels_layer): per channel, the input being C x 1 x 1
 * (squeeze-excitation), or with `scaleWh` per pixel, the input being 1 x H x W.
 * The output has the shape of layer `from`, then goes through `activation`.
 */
export interface ScaleChannelsLayer extends LayerBase {
  kind: 'scale_channels';
  /** Absolute index of the layer whose output is scaled. */
  from: number;
  scaleWh: boolean;
  activation: Activation;
}

export interface YoloLayer extends LayerBase {
  kind: 'yolo';
  classes: number;
  /** Indices into `anchors` (pairs) used by this head. */
  mask: number[];
  /** All anchors of the cfg as [w0, h0, w1, h1, ...] in input pixels. */
  anchors: number[];
  scaleXY: number;
  newCoords: boolean;
  nmsKind: string;
  betaNms: number;
}

export type DarknetLayer =
  | ConvolutionalLayer
  | MaxpoolLayer
  | UpsampleLayer
  | RouteLayer
  | ShortcutLayer
  | DropoutLayer
  | AvgpoolLayer
  | ScaleChannelsLayer
  | YoloLayer;

export interface NetOptions {
  width: number;
  height: number;
  channels: number;
  letterBox: boolean;
  /** Line of the [net] header. */
  line: number;
}

export interface DarknetNetwork {
  file: string;
  net: NetOptions;
  layers: DarknetLayer[];
  /** What darknet would print and go on with (ignored lines, unknown activations, ...). */
  warnings?: string[];
}

/** Floats the weights file holds for one convolutional layer, in file order. */
export function convolutionalParameterCount(layer: ConvolutionalLayer): number {
  const perFilter = 1 + (layer.batchNormalize ? 3 : 0);
  const kernel = (layer.input.channels / layer.groups) * layer.size * layer.size;
  return layer.filters * (perFilter + kernel);
}
