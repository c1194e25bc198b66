import { describe, expect, it } from 'vitest';
import { parseNetwork, type ScaleChannelsLayer } from '../../../lib/darknet/index.js';
import { thrownTrtmapError } from '../../helpers/errors.js';

/** [avgpool] and [scale_channels] as parse_avgpool / parse_scale_channels read them. */

const net = '[net]\nwidth=16\nheight=12\nchannels=3\n';
const conv = (filters: number, extra = '') =>
  `[convolutional]\nfilters=${filters}\nsize=1\nstride=1\n${extra}`;

describe('[avgpool] and [scale_channels]', () => {
  it('pools to 1x1 per channel and scales a squeeze back to the shape of `from`', () => {
    const network = parseNetwork(
      `${net}${conv(8)}[avg]\n${conv(2)}${conv(8, 'activation=logistic\n')}[scale_channels]\nfrom=-4\n`,
    );
    expect(network.layers[1]).toMatchObject({
      kind: 'avgpool',
      output: { channels: 8, height: 1, width: 1 },
    });
    const scale = network.layers[4] as ScaleChannelsLayer;
    expect(scale).toMatchObject({
      kind: 'scale_channels',
      from: 0,
      scaleWh: false,
      activation: 'linear',
      output: { channels: 8, height: 12, width: 16 },
    });
  });

  it('reads scale_wh=1 (a 1-channel map scaling every channel), an absolute from and an activation', () => {
    const network = parseNetwork(
      `${net}${conv(8)}${conv(1)}[scale_channels]\nfrom=0\nscale_wh=1\nactivation=leaky\n`,
    );
    expect(network.layers[2]).toMatchObject({
      kind: 'scale_channels',
      from: 0,
      scaleWh: true,
      activation: 'leaky',
      output: { channels: 8, height: 12, width: 16 },
    });
  });

  it.each([
    ['no from', `${net}${conv(8)}[avgpool]\n[scale_channels]\n`, 10, /needs from=/],
    [
      'a list in from',
      `${net}${conv(8)}[avgpool]\n[scale_channels]\nfrom=-2,-1\n`,
      11,
      /exactly one layer/,
    ],
    [
      'a later layer',
      `${net}${conv(8)}[avgpool]\n[scale_channels]\nfrom=5\n`,
      11,
      /not an earlier layer/,
    ],
    [
      'an input that is not 1x1 (darknet only asserts)',
      `${net}${conv(8)}${conv(8)}[scale_channels]\nfrom=-2\n`,
      14,
      /needs 8 channels of 1x1/,
    ],
    [
      'a squeeze with other channels than from',
      `${net}${conv(8)}[avgpool]\n${conv(4)}[scale_channels]\nfrom=-3\n`,
      15,
      /needs 8 channels of 1x1/,
    ],
    [
      'scale_wh=1 with more than one channel',
      `${net}${conv(8)}${conv(2)}[scale_channels]\nfrom=-2\nscale_wh=1\n`,
      14,
      /needs 1 channel of 16x12/,
    ],
    [
      'swish, which darknet CPU applies as zero here',
      `${net}${conv(8)}[avgpool]\n[scale_channels]\nfrom=-2\nactivation=swish\n`,
      12,
      /activation=swish is not supported/,
    ],
    [
      'mish',
      `${net}${conv(8)}[avgpool]\n[scale_channels]\nfrom=-2\nactivation=mish\n`,
      12,
      /activation=mish is not supported/,
    ],
  ])('rejects %s with the line number', (_, text, line, message) => {
    const error = thrownTrtmapError(() => parseNetwork(text, 'se.cfg'));
    expect(error.code).toBe('ERR_DARKNET');
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(new RegExp(`^se\\.cfg:${line}: `));
  });
});
