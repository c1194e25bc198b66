#!/usr/bin/env node
// Prints the sha256 of every decoded image and preprocessed tensor of a fixed
// set of inputs, one "<name> <sha256>" line each, through the built runtime
// code (dist/) and the addon it loads (TRTMAP_NATIVE_PATH selects one).
// scripts/ci-aarch64.sh runs it on x86-64 and on aarch64 (qemu) and requires
// the same lines: decoding and CPU preprocessing must not depend on the CPU
// (char signedness, alignment, auto-vectorized loops, float contraction).
//   TRTMAP_FIXTURES=../shared/fixtures node scripts/image-digests.mjs
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { HostBuffer } from '../dist/cuda/index.js';
import { decodeImage, preprocessOnCpu } from '../dist/image/index.js';

const fixtures = process.env.TRTMAP_FIXTURES;
if (!fixtures) throw new Error('TRTMAP_FIXTURES must name the fixtures folder');

// Every kind of file the decoders handle: baseline and progressive JPEGs of
// several sizes, grayscale and CMYK JPEGs, PNGs (RGB and grayscale sources).
const voc = path.join(fixtures, 'datasets/voc100/JPEGImages');
const files = [
  'images/dog.jpg',
  'images/person.jpg',
  'wild/image-grayscale-cmyk-jpeg/dog_cmyk.jpg',
  'wild/image-grayscale-cmyk-jpeg/dog_gray.jpg',
  'wild/image-grayscale-cmyk-jpeg/dog_cmyk_as_rgb.png',
  'wild/image-grayscale-cmyk-jpeg/dog_gray_as_rgb.png',
  ...readdirSync(voc)
    .filter((name) => name.endsWith('.jpg'))
    .sort()
    .slice(0, 6)
    .map((name) => path.join('datasets/voc100/JPEGImages', name)),
];

// Each resize kind, both layouts and dtypes, both channel orders, mean/std.
const specs = {
  'stretch-bilinear-416-rgb-f32-nchw': { width: 416, height: 416 },
  'letterbox-center-640-f16': {
    width: 640,
    height: 640,
    resize: 'letterbox',
    padValue: 114,
    dtype: 'float16',
  },
  'letterbox-topleft-416-bgr-0..255-nhwc': {
    width: 416,
    height: 416,
    resize: 'letterbox',
    anchor: 'top-left',
    padValue: 114,
    channelOrder: 'bgr',
    scale: 1,
    layout: 'nhwc',
  },
  'darknet-320': { width: 320, height: 320, interpolation: 'darknet' },
  'nearest-300-mean-std': {
    width: 300,
    height: 300,
    interpolation: 'nearest',
    scale: 1,
    mean: 128,
    std: 128,
  },
  'bilinear-352x288-imagenet-bgr': {
    width: 352,
    height: 288,
    channelOrder: 'bgr',
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  },
  // The modes of issues 10/12: INTER_AREA, keep-ratio with each rounding,
  // NanoDet's warp, one gray channel, uint8 output.
  'area-letterbox-ceil-416': {
    width: 416,
    height: 416,
    resize: 'letterbox',
    rounding: 'ceil',
    interpolation: 'area',
    padValue: 114,
  },
  'keep-ratio-floor-topleft-320-uint8': {
    width: 320,
    height: 320,
    resize: 'keep-ratio',
    anchor: 'top-left',
    padValue: 114,
    dtype: 'uint8',
  },
  'warp-nanodet-416-bgr': {
    width: 416,
    height: 416,
    resize: 'keep-ratio',
    rounding: 'none',
    padValue: 0,
    channelOrder: 'bgr',
    scale: 1,
    mean: [103.53, 116.28, 123.675],
    std: [57.375, 57.12, 58.395],
  },
  'gray-darknet-320': {
    width: 320,
    height: 320,
    channels: 1,
    resize: 'letterbox',
    interpolation: 'darknet',
  },
};

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** A deterministic 97x61 RGB gradient with every byte value, odd sizes on purpose. */
function syntheticImage() {
  const width = 97;
  const height = 61;
  const pixels = HostBuffer.allocate(width * height * 3, { pinned: false });
  pixels.bytes.forEach((_, index) => (pixels.bytes[index] = (index * 37 + (index >> 7)) & 255));
  return { pixels, width, height, channels: 3 };
}

const images = [['synthetic-97x61', syntheticImage()]];
for (const file of files) {
  try {
    images.push([file, await decodeImage(path.join(fixtures, file))]);
  } catch (error) {
    // A refusal must be the same refusal on both CPUs.
    console.log(`decode ${file} error ${error.code}`);
  }
}
for (const [name, image] of images) {
  console.log(`decode ${name} ${image.width}x${image.height} ${sha256(image.pixels.bytes)}`);
  for (const [specName, spec] of Object.entries(specs)) {
    const result = await preprocessOnCpu([image], spec);
    console.log(`preprocess ${name} ${specName} ${sha256(result.tensor.bytes)}`);
    await result.tensor.dispose();
  }
  await image.pixels.dispose();
}
