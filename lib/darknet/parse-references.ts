import type { DarknetLayer, Shape } from './layers.js';
import { activation, checkShape } from './parse-common.js';
import type { SectionReader } from './section-reader.js';

/** [route], [shortcut] and [scale_channels]: the layers that refer to earlier layers by index. */

type Base = { index: number; line: number; input: Shape };

export function parseRoute(
  reader: SectionReader,
  base: Base,
  previous: readonly DarknetLayer[],
): DarknetLayer {
  if (!reader.has('layers')) throw reader.error('needs layers=...');
  const layers = resolveIndices(reader, 'layers', base.index, previous);
  const groups = reader.int('groups', 1);
  const groupId = reader.int('group_id', 0);
  if (groups < 1 || groupId < 0 || groupId >= groups) {
    throw reader.error(`group_id=${groupId} must be in 0..groups-1 (groups=${groups})`, 'group_id');
  }
  const first = previous[layers[0]].output;
  let channels = 0;
  for (const source of layers) {
    const shape = previous[source].output;
    if (shape.width !== first.width || shape.height !== first.height) {
      throw reader.error(
        `layer ${source} is ${shape.width}x${shape.height} but layer ${layers[0]} is ${first.width}x${first.height}; route needs equal sizes`,
        'layers',
      );
    }
    // forward_route_layer takes group `group_id` of each input separately.
    if (shape.channels % groups !== 0) {
      throw reader.error(
        `groups=${groups} does not divide the ${shape.channels} channels of layer ${source}`,
        'groups',
      );
    }
    channels += shape.channels / groups;
  }
  const output = { channels, height: first.height, width: first.width };
  checkShape(reader, output);
  return { ...base, kind: 'route', output, layers, groups, groupId };
}

export function parseShortcut(
  reader: SectionReader,
  base: Base,
  previous: readonly DarknetLayer[],
): DarknetLayer {
  if (!reader.has('from')) throw reader.error('needs from=...');
  if (reader.string('weights_type', 'none') !== 'none') {
    throw reader.error('weighted shortcuts (weights_type) are not supported', 'weights_type');
  }
  const from = resolveIndices(reader, 'from', base.index, previous);
  for (const source of from) {
    const shape = previous[source].output;
    const input = base.input;
    if (
      shape.channels !== input.channels ||
      shape.height !== input.height ||
      shape.width !== input.width
    ) {
      throw reader.error(
        `layer ${source} is ${shape.width}x${shape.height}x${shape.channels} but the input is ${input.width}x${input.height}x${input.channels}; only shortcuts of equal shapes are supported`,
        'from',
      );
    }
  }
  return {
    ...base,
    kind: 'shortcut',
    output: base.input,
    from,
    activation: activation(reader, 'linear'),
  };
}

/**
 * [scale_channels], after parse_scale_channels and make_scale_channels_layer:
 * `from` is one layer (read with atoi there, so a list is refused here), the
 * output takes that layer's shape, and the input must be C x 1 x 1 with the
 * same C (or, with scale_wh=1, 1 x H x W with the same H and W), which darknet
 * only asserts. darknet's CPU path applies swish and mish here as zero, so
 * those are refused rather than guessed.
 */
export function parseScaleChannels(
  reader: SectionReader,
  base: Base,
  previous: readonly DarknetLayer[],
): DarknetLayer {
  if (!reader.has('from')) throw reader.error('needs from=...');
  const from = resolveIndices(reader, 'from', base.index, previous);
  if (from.length !== 1) throw reader.error('from= takes exactly one layer', 'from');
  const scaleWh = reader.int('scale_wh', 0) !== 0;
  const source = previous[from[0]].output;
  const input = base.input;
  const fits = scaleWh
    ? input.channels === 1 && input.width === source.width && input.height === source.height
    : input.width === 1 && input.height === 1 && input.channels === source.channels;
  if (!fits) {
    const needed = scaleWh
      ? `1 channel of ${source.width}x${source.height} (scale_wh=1)`
      : `${source.channels} channels of 1x1 (an [avgpool] squeeze)`;
    throw reader.error(
      `the input is ${input.width}x${input.height}x${input.channels} but scaling layer ${from[0]} (${source.width}x${source.height}x${source.channels}) needs ${needed}`,
      'from',
    );
  }
  const scaleActivation = activation(reader, 'linear');
  if (scaleActivation === 'swish' || scaleActivation === 'mish') {
    throw reader.error(
      `activation=${scaleActivation} is not supported by darknet's [scale_channels]`,
      'activation',
    );
  }
  return {
    ...base,
    kind: 'scale_channels',
    output: source,
    from: from[0],
    scaleWh,
    activation: scaleActivation,
  };
}

/** Darknet's convention: a negative index counts back from this layer, else it is absolute. */
function resolveIndices(
  reader: SectionReader,
  key: string,
  index: number,
  previous: readonly DarknetLayer[],
): number[] {
  const values = reader.numbers(key, true) ?? [];
  return values.map((value) => {
    const absolute = value < 0 ? index + value : value;
    if (absolute < 0 || absolute >= index) {
      throw reader.error(
        `${key} refers to layer ${absolute}, which is not an earlier layer (this is layer ${index})`,
        key,
      );
    }
    if (previous[absolute].kind === 'yolo') {
      throw reader.error(
        `${key} refers to layer ${absolute}, a [yolo] layer, whose decoded output is not converted`,
        key,
      );
    }
    return absolute;
  });
}
