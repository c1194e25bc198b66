import type {
  Activation,
  ConvolutionalLayer,
  DarknetLayer,
  DarknetNetwork,
  MaxpoolLayer,
  ScaleChannelsLayer,
  Shape,
} from '../../../lib/darknet/index.js';
import type { DarknetWeights } from '../../../lib/darknet/index.js';

/**
 * An independent forward pass in plain loops, following darknet's CPU code
 * (forward_convolutional_layer with normalize_cpu / scale_bias / add_bias,
 * forward_maxpool_layer, forward_avgpool_layer, upsample_cpu,
 * forward_route_layer, forward_shortcut_layer, forward_scale_channels_layer),
 * with batch norm applied unfolded. It shares only
 * the cfg parser and weights reader with the converter, never its graph code.
 */
export interface Planes extends Shape {
  data: Float32Array;
}

/** Runs one CHW image; returns the tensor entering each [yolo] layer, by layer index. */
export function referenceForward(
  network: DarknetNetwork,
  weights: DarknetWeights,
  image: Float32Array,
): Map<number, Planes> {
  const outputs: Planes[] = [];
  const heads = new Map<number, Planes>();
  let current: Planes = { ...network.net, data: image };
  for (const layer of network.layers) {
    current = forwardLayer(layer, current, outputs, weights);
    outputs.push(current);
    if (layer.kind === 'yolo') heads.set(layer.index, current);
  }
  return heads;
}

function forwardLayer(
  layer: DarknetLayer,
  input: Planes,
  outputs: Planes[],
  weights: DarknetWeights,
): Planes {
  switch (layer.kind) {
    case 'convolutional':
      return convolution(layer, input, weights);
    case 'maxpool':
      return maxpool(layer, input);
    case 'upsample': {
      const out = empty(layer.output);
      const s = layer.stride;
      for (let c = 0; c < out.channels; c++)
        for (let y = 0; y < out.height; y++)
          for (let x = 0; x < out.width; x++)
            out.data[(c * out.height + y) * out.width + x] =
              layer.scale *
              input.data[(c * input.height + Math.floor(y / s)) * input.width + Math.floor(x / s)];
      return out;
    }
    case 'route': {
      const out = empty(layer.output);
      let offset = 0;
      for (const source of layer.layers) {
        const from = outputs[source];
        const part = from.data.length / layer.groups;
        out.data.set(from.data.subarray(part * layer.groupId, part * (layer.groupId + 1)), offset);
        offset += part;
      }
      return out;
    }
    case 'shortcut': {
      const out = { ...input, data: Float32Array.from(input.data) };
      for (const source of layer.from)
        for (let i = 0; i < out.data.length; i++) out.data[i] += outputs[source].data[i];
      activate(out.data, layer.activation);
      return out;
    }
    case 'avgpool': {
      // forward_avgpool_layer: a float sum over the plane, divided by h*w.
      const out = empty(layer.output);
      const plane = input.height * input.width;
      for (let c = 0; c < input.channels; c++) {
        let sum = 0;
        for (let i = 0; i < plane; i++) sum += input.data[c * plane + i];
        out.data[c] = sum / plane;
      }
      return out;
    }
    case 'scale_channels':
      return scaleChannels(layer, input, outputs[layer.from]);
    case 'dropout':
    case 'yolo':
      return input;
  }
}

/**
 * forward_scale_channels_layer, its index arithmetic kept for one image:
 * out[i] = input[i / channel_size] * from[i], or with scale_wh
 * out[i] = input[i % channel_size] * from[i]; then activate_array.
 */
function scaleChannels(layer: ScaleChannelsLayer, input: Planes, from: Planes): Planes {
  const out = empty(layer.output);
  const channelSize = out.width * out.height;
  for (let i = 0; i < out.data.length; i++) {
    const scale = layer.scaleWh
      ? input.data[i % channelSize]
      : input.data[Math.floor(i / channelSize)];
    out.data[i] = scale * from.data[i];
  }
  activate(out.data, layer.activation);
  return out;
}

function convolution(layer: ConvolutionalLayer, input: Planes, weights: DarknetWeights): Planes {
  const w = weights.convolutions.get(layer.index)!;
  const out = empty(layer.output);
  const inPerGroup = input.channels / layer.groups;
  const outPerGroup = layer.filters / layer.groups;
  const { size, padding, strideX, strideY } = layer;
  const plane = out.height * out.width;
  const sum = new Float64Array(plane);
  for (let f = 0; f < layer.filters; f++) {
    sum.fill(0);
    const group = Math.floor(f / outPerGroup);
    for (let ic = 0; ic < inPerGroup; ic++) {
      const channel = group * inPerGroup + ic;
      for (let ky = 0; ky < size; ky++)
        for (let kx = 0; kx < size; kx++) {
          const weight = w.kernel[((f * inPerGroup + ic) * size + ky) * size + kx];
          for (let y = 0; y < out.height; y++) {
            const iy = y * strideY + ky - padding;
            if (iy < 0 || iy >= input.height) continue;
            const row = (channel * input.height + iy) * input.width;
            for (let x = 0; x < out.width; x++) {
              const ix = x * strideX + kx - padding;
              if (ix >= 0 && ix < input.width)
                sum[y * out.width + x] += weight * input.data[row + ix];
            }
          }
        }
    }
    const norm = w.batchNorm;
    for (let i = 0; i < plane; i++) {
      let value = sum[i];
      if (norm)
        value = ((value - norm.mean[f]) / Math.sqrt(norm.variance[f] + 0.00001)) * norm.scales[f];
      out.data[f * plane + i] = value + w.biases[f];
    }
  }
  activate(out.data, layer.activation);
  return out;
}

/** forward_maxpool_layer: windows start at -padding/2; outside pixels never win. */
function maxpool(layer: MaxpoolLayer, input: Planes): Planes {
  const out = empty(layer.output);
  const offset = -Math.floor(layer.padding / 2);
  for (let c = 0; c < out.channels; c++)
    for (let y = 0; y < out.height; y++)
      for (let x = 0; x < out.width; x++) {
        let max = -Infinity;
        for (let n = 0; n < layer.size; n++)
          for (let m = 0; m < layer.size; m++) {
            const iy = offset + y * layer.strideY + n;
            const ix = offset + x * layer.strideX + m;
            if (iy >= 0 && iy < input.height && ix >= 0 && ix < input.width)
              max = Math.max(max, input.data[(c * input.height + iy) * input.width + ix]);
          }
        out.data[(c * out.height + y) * out.width + x] = max;
      }
  return out;
}

function activate(data: Float32Array, activation: Activation): void {
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    switch (activation) {
      case 'leaky':
        data[i] = x > 0 ? x : 0.1 * x;
        break;
      case 'relu':
        data[i] = x > 0 ? x : 0;
        break;
      case 'logistic':
        data[i] = 1 / (1 + Math.exp(-x));
        break;
      case 'swish':
        data[i] = x / (1 + Math.exp(-x));
        break;
      case 'mish': {
        // activations.h softplus_activate with MISH_THRESHOLD = 20.
        const softplus = x > 20 ? x : x < -20 ? Math.exp(x) : Math.log(Math.exp(x) + 1);
        data[i] = x * Math.tanh(softplus);
        break;
      }
      case 'linear':
        break;
    }
  }
}

function empty(shape: Shape): Planes {
  return { ...shape, data: new Float32Array(shape.channels * shape.height * shape.width) };
}
