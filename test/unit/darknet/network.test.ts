import { describe, expect, it } from 'vitest';
import { parseNetwork, type MaxpoolLayer, type RouteLayer } from '../../../lib/darknet/index.js';

const sizeOf = (network: ReturnType<typeof parseNetwork>) =>
  network.layers.map(({ output }) => `${output.width}x${output.height}x${output.channels}`);

describe('darknet shapes', () => {
  it('maxpool: padding defaults to size-1 and out = (w + padding - size)/stride + 1 with integer division', () => {
    const network = parseNetwork(
      '[net]\nwidth=13\nheight=12\nchannels=2\n' +
        '[maxpool]\nsize=2\nstride=2\n' + // (13+1-2)/2+1 = 7, (12+1-2)/2+1 = 6
        '[maxpool]\nsize=2\nstride=1\n' + // yolov3-tiny's: size kept
        '[maxpool]\nsize=3\nstride=2\n' + // (7+2-3)/2+1 = 4, (6+2-3)/2+1 = 3
        '[maxpool]\nsize=3\nstride=1\npadding=0\n' +
        '[max]\nstride_x=2\nstride_y=1\nsize=2\n',
    );
    expect(sizeOf(network)).toEqual(['7x6x2', '7x6x2', '4x3x2', '2x1x2', '1x1x2']);
    expect((network.layers[1] as MaxpoolLayer).padding).toBe(1);
  });

  it('convolutional: pad=1 means size/2 and wins over padding=', () => {
    const network = parseNetwork(
      '[net]\nwidth=10\nheight=10\nchannels=3\n' +
        '[convolutional]\nfilters=4\nsize=5\npad=1\npadding=7\n' +
        '[conv]\nfilters=4\nsize=3\nstride=2\n' + // no padding: (10-3)/2+1 = 4
        '[convolutional]\nfilters=4\nsize=3\npadding=2\n',
    );
    expect(sizeOf(network)).toEqual(['10x10x4', '4x4x4', '6x6x4']);
  });

  it('route: relative and absolute indices, channels divided by groups; upsample multiplies', () => {
    const network = parseNetwork(
      '[net]\nwidth=8\nheight=8\nchannels=3\n' +
        '[convolutional]\nfilters=6\nsize=1\n' +
        '[convolutional]\nfilters=10\nsize=1\n' +
        '[route]\nlayers=-1,0\ngroups=2\ngroup_id=1\n' +
        '[upsample]\nstride=3\n' +
        '[dropout]\n' +
        '[shortcut]\nfrom=-2\nactivation=mish\n',
    );
    expect(sizeOf(network)).toEqual(['8x8x6', '8x8x10', '8x8x8', '24x24x8', '24x24x8', '24x24x8']);
    expect((network.layers[2] as RouteLayer).layers).toEqual([1, 0]);
  });

  it('--input-size overrides [net]', () => {
    const network = parseNetwork(
      '[net]\nwidth=8\nheight=8\nchannels=3\n[convolutional]\nfilters=2\n',
      'x.cfg',
      {
        inputWidth: 32,
        inputHeight: 24,
      },
    );
    expect(sizeOf(network)).toEqual(['32x24x2']);
  });

  it('yolo: darknet defaults when options are absent', () => {
    const network = parseNetwork(
      '[net]\nwidth=8\nheight=8\nchannels=3\n[convolutional]\nfilters=50\n[yolo]\nnum=2\nanchors=1,2,3,4\n',
    );
    expect(network.layers[1]).toMatchObject({
      kind: 'yolo',
      classes: 20,
      mask: [0, 1],
      scaleXY: 1,
      newCoords: false,
      nmsKind: 'default',
      betaNms: 0.6,
    });
    expect(network.layers[0]).toMatchObject({ activation: 'logistic', batchNormalize: false });
  });
});
