import type { DarknetLayer, Shape } from './layers.js';
import { activation, checkShape, positive, refuse } from './parse-common.js';
import { parseRoute, parseScaleChannels, parseShortcut } from './parse-references.js';
import { parseYolo } from './parse-yolo.js';
import type { SectionReader } from './section-reader.js';

/**
 * One parser per section type, each mirroring darknet's parse_<type> in
 * parser.c (defaults included) for the options that matter at inference.
 * Options that change inference in ways the converter does not reproduce are
 * refused rather than ignored.
 */
export function parseLayer(
  reader: SectionReader,
  index: number,
  input: Shape,
  previous: readonly DarknetLayer[],
): DarknetLayer {
  const base = { index, line: reader.line, input };
  switch (reader.section.type) {
    case 'convolutional':
    case 'conv':
      return parseConvolutional(reader, base);
    case 'maxpool':
    case 'max':
      return parseMaxpool(reader, base);
    case 'upsample':
      return parseUpsample(reader, base);
    case 'route':
      return parseRoute(reader, base, previous);
    case 'shortcut':
      return parseShortcut(reader, base, previous);
    case 'dropout':
      return {
        ...base,
        kind: 'dropout',
        probability: reader.float('probability', 0.2),
        output: input,
      };
    case 'avgpool':
    case 'avg':
      // parse_avgpool reads no options: a global average to 1x1 per channel.
      return {
        ...base,
        kind: 'avgpool',
        output: { channels: input.channels, height: 1, width: 1 },
      };
    case 'scale_channels':
      return parseScaleChannels(reader, base, previous);
    case 'yolo':
      return parseYolo(reader, base);
    default:
      throw reader.error(
        'unknown or unsupported layer type (supported: net, convolutional, maxpool, avgpool, upsample, route, shortcut, scale_channels, dropout, yolo)',
      );
  }
}

type Base = { index: number; line: number; input: Shape };

function parseConvolutional(reader: SectionReader, base: Base): DarknetLayer {
  refuse(reader, [
    'binary',
    'xnor',
    'antialiasing',
    'sway',
    'rotate',
    'stretch',
    'stretch_sway',
    'coordconv',
    'flipped',
    'assisted_excitation',
  ]);
  if (reader.has('share_index')) throw reader.error('share_index is not supported', 'share_index');
  const filters = reader.int('filters', 1);
  const groups = reader.int('groups', 1);
  const size = reader.int('size', 1);
  const stride = reader.int('stride', 1);
  const strideX = positive(reader, 'stride_x', reader.int('stride_x', stride));
  const strideY = positive(reader, 'stride_y', reader.int('stride_y', stride));
  if (size > 1 && reader.int('dilation', 1) !== 1)
    throw reader.error('dilation is not supported', 'dilation');
  // parse_convolutional: `pad` wins over `padding` and means size/2.
  const padding = reader.int('pad', 0) !== 0 ? Math.floor(size / 2) : reader.int('padding', 0);
  positive(reader, 'filters', filters);
  positive(reader, 'size', size);
  if (groups < 1 || base.input.channels % groups !== 0 || filters % groups !== 0) {
    throw reader.error(
      `groups=${groups} must divide the input channels (${base.input.channels}) and filters (${filters})`,
      'groups',
    );
  }
  const output = {
    channels: filters,
    height: Math.floor((base.input.height + 2 * padding - size) / strideY) + 1,
    width: Math.floor((base.input.width + 2 * padding - size) / strideX) + 1,
  };
  checkShape(reader, output);
  return {
    ...base,
    kind: 'convolutional',
    output,
    filters,
    size,
    strideX,
    strideY,
    padding,
    groups,
    batchNormalize: reader.int('batch_normalize', 0) !== 0 || reader.int('cbn', 0) !== 0,
    activation: activation(reader, 'logistic'),
  };
}

function parseMaxpool(reader: SectionReader, base: Base): DarknetLayer {
  refuse(reader, ['maxpool_depth', 'antialiasing', 'maxpool_zero_nonmax']);
  const stride = reader.int('stride', 1);
  const strideX = positive(reader, 'stride_x', reader.int('stride_x', stride));
  const strideY = positive(reader, 'stride_y', reader.int('stride_y', stride));
  const size = positive(reader, 'size', reader.int('size', stride));
  const padding = reader.int('padding', size - 1);
  if (padding < 0 || padding - Math.floor(padding / 2) >= size) {
    throw reader.error(`padding=${padding} must be at least 0 and less than 2*size`, 'padding');
  }
  // make_maxpool_layer: C integer division, padding/2 before and the rest after.
  const output = {
    channels: base.input.channels,
    height: Math.floor((base.input.height + padding - size) / strideY) + 1,
    width: Math.floor((base.input.width + padding - size) / strideX) + 1,
  };
  checkShape(reader, output);
  return { ...base, kind: 'maxpool', output, size, strideX, strideY, padding };
}

function parseUpsample(reader: SectionReader, base: Base): DarknetLayer {
  const stride = reader.int('stride', 2);
  if (stride < 1)
    throw reader.error(
      `stride=${stride}: only positive (upsampling) strides are supported`,
      'stride',
    );
  const output = {
    ...base.input,
    height: base.input.height * stride,
    width: base.input.width * stride,
  };
  return { ...base, kind: 'upsample', output, stride, scale: reader.float('scale', 1) };
}
