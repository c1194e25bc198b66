import type { ConvertOptions, NetworkOptions } from '../../../lib/darknet/index.js';

/** Hand-written cfgs that together use every layer type and option the converter supports. */
export interface SyntheticCase {
  name: string;
  cfg: string;
  seed: number;
  network?: NetworkOptions;
  convert?: ConvertOptions & { images?: number };
  covers?: string[];
}

const conv = (options: string) => `[convolutional]\n${options.trim()}\n`;

/** yolov3-tiny / yolov4-tiny shaped: two heads, route groups, maxpool size 2 stride 1. */
export const tinyLike = `
[net]
width=32
height=32
channels=3
# a comment line and trailing spaces   
${conv('batch_normalize=1\nfilters=8\nsize=3\nstride=1\npad=1\nactivation=leaky')}
[maxpool]
size=2
stride=2

${conv('batch_normalize=1\nfilters=16\nsize=3\nstride=1\npad=1\nactivation=relu')}
[maxpool]
size=2
stride=1

${conv('batch_normalize=1\nfilters=16\ngroups=4\nsize=3\nstride=1\npad=1\nactivation=mish')}
[route]
layers=-1
groups=2
group_id=1

${conv('batch_normalize=1\nfilters=8\nsize=1\nstride=1\npad=1\nactivation=swish')}
[route]
layers = -1, -2

${conv('batch_normalize=1\nfilters=16\nsize=3\nstride=2\npad=1\nactivation=logistic')}
[dropout]
probability=.1

${conv('batch_normalize=1\nfilters=16\nsize=3\nstride=1\npad=1\nactivation=linear')}
[shortcut]
from=-3
activation=leaky

${conv('size=1\nstride=1\npad=1\nfilters=21\nactivation=linear')}
[yolo]
mask = 3,4,5
anchors = 2,3, 4,5, 6,7, 8,9, 10,11, 12,13
classes=2
num=6
scale_x_y = 1.05
nms_kind=greedynms
beta_nms=0.6

[route]
layers = -4

[upsample]
stride=2

[route]
layers = -1, 4

${conv('size=1\nstride=1\npad=1\nfilters=21\nactivation=logistic')}
[yolo]
mask = 0,1,2
anchors = 2,3, 4,5, 6,7, 8,9, 10,11, 12,13
classes=2
num=6
new_coords=1
scale_x_y = 2.0
`;

/**
 * Odd sizes where darknet's maxpool padding (size-1, split padding/2 before)
 * decides shapes and values; extra heads read the feature maps right after the
 * pools so that an off-by-one window shows up in the outputs.
 */
export const oddSizes = `
[net]
width=27
height=21
channels=3

${conv('batch_normalize=1\nfilters=8\nsize=3\nstride=2\npad=1\nactivation=leaky')}
[maxpool]
size=2
stride=2

${conv('batch_normalize=1\nfilters=8\nsize=3\nstride=1\npad=1\nactivation=mish')}
[maxpool]
size=3
stride=2

${conv('filters=8\nsize=1\nstride=1\nactivation=leaky')}
[maxpool]
size=5
stride=1

[maxpool]
size=3
stride=1
padding=0

${conv('batch_normalize=1\nfilters=8\nsize=3\nstride=1\npadding=2\nactivation=mish')}
[upsample]
stride=3
scale=0.5

${conv('filters=8\nsize=3\nstride=1\npad=1\nactivation=leaky')}
[route]
layers=-1,-2
groups=2
group_id=0

${conv('size=1\nstride=1\nfilters=18\nactivation=linear')}
[yolo]
mask=0,1,2
anchors=3,4, 5,6, 7,8
classes=1
num=3

[route]
layers=5

${conv('size=1\nstride=1\nfilters=12\nactivation=linear')}
[yolo]
mask=1,2
anchors=3,4, 5,6, 7,8
classes=1
num=3

[route]
layers=2

${conv('size=1\nstride=1\nfilters=6\nactivation=linear')}
[yolo]
mask=2
anchors=3,4, 5,6, 7,8
classes=1
num=3
`;

/**
 * Squeeze-excitation as MobileNetV2-YOLO-Fastest v2 writes it ([avgpool], a
 * relu squeeze, a logistic excitation, [scale_channels] from=-4), a spatial
 * scale (scale_wh=1) with its own activation, the [avg] alias, and a head on
 * the 1x1 pooled map so that the averages themselves reach an output.
 */
export const squeezeExcitation = `
[net]
width=24
height=20
channels=3

${conv('batch_normalize=1\nfilters=12\nsize=3\nstride=2\npad=1\nactivation=relu')}
[avgpool]

${conv('filters=4\nsize=1\nstride=1\nactivation=relu')}
${conv('filters=12\nsize=1\nstride=1\nactivation=logistic')}
[scale_channels]
from=-4

${conv('batch_normalize=1\nfilters=1\nsize=3\nstride=1\npad=1\nactivation=logistic')}
[scale_channels]
from=-2
scale_wh=1
activation=leaky

${conv('batch_normalize=1\nfilters=12\nsize=3\nstride=1\npad=1\nactivation=leaky')}
[avg]

[scale_channels]
from=-2
activation=logistic

[shortcut]
from=-4
activation=linear

${conv('size=1\nstride=1\nfilters=14\nactivation=linear')}
[yolo]
mask=0,1
anchors=3,4, 5,6, 7,8
classes=2
num=3

[route]
layers=1

${conv('size=1\nstride=1\nfilters=7\nactivation=linear')}
[yolo]
mask=2
anchors=3,4, 5,6, 7,8
classes=2
num=3
`;

export const cases: SyntheticCase[] = [
  {
    name: 'tiny-like: groups, route groups, maxpool stride 1, shortcut, upsample, two heads',
    cfg: tinyLike,
    seed: 1,
    covers: ['convolutional', 'maxpool', 'route', 'shortcut', 'dropout', 'upsample', 'yolo'],
  },
  {
    name: 'tiny-like at 64x48 (--input-size)',
    cfg: tinyLike,
    seed: 2,
    network: { inputWidth: 64, inputHeight: 48 },
  },
  {
    name: 'tiny-like with a dynamic batch of 2',
    cfg: tinyLike,
    seed: 3,
    convert: { batch: 'dynamic', images: 2 },
  },
  {
    name: 'tiny-like with a fixed batch of 3',
    cfg: tinyLike,
    seed: 4,
    convert: { batch: 3, images: 3 },
  },
  { name: 'tiny-like at opset 18 (native Mish)', cfg: tinyLike, seed: 5, convert: { opset: 18 } },
  {
    name: 'odd sizes: darknet maxpool padding, explicit padding, upsample scale, route groups of two layers',
    cfg: oddSizes,
    seed: 6,
  },
  {
    name: 'squeeze-excitation: avgpool, scale_channels per channel and per pixel (scale_wh), their activations',
    cfg: squeezeExcitation,
    seed: 7,
    covers: ['avgpool', 'scale_channels', 'shortcut', 'yolo'],
  },
  {
    name: 'squeeze-excitation at 40x28 with a dynamic batch of 2',
    cfg: squeezeExcitation,
    seed: 8,
    network: { inputWidth: 40, inputHeight: 28 },
    convert: { batch: 'dynamic', images: 2 },
  },
];
