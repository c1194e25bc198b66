import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../lib/image/decode.js';
import { preprocessOnCpu, tensorView } from '../../lib/image/preprocess.js';
import type { PreprocessSpec } from '../../lib/image/spec.js';
import { randomImage } from '../helpers/images.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { pythonHas, pythonMissingReason } from '../helpers/python.js';
import { seededRandom } from '../helpers/random.js';
import { type ReferenceCase, darknetLetterboxSizes, opencvReference } from './image/opencv.js';

const haveOpenCv = native !== undefined && pythonHas('cv2', 'numpy');

/** Random photo-like sizes, plus sizes where w * r ends in exactly .5 (rounding ties). */
function sizes(count: number, seed: number): [number, number][] {
  const random = seededRandom(seed);
  const list: [number, number][] = [
    [1280, 415],
    [1280, 413],
    [415, 1280],
    [640, 427],
    [500, 375],
    [200, 150],
  ];
  while (list.length < count) {
    list.push([16 + Math.floor(random() * 1200), 16 + Math.floor(random() * 1200)]);
  }
  return list;
}

interface Scenario {
  name: string;
  spec: Omit<PreprocessSpec, 'width' | 'height'>;
  reference: Omit<ReferenceCase, 'image' | 'width' | 'height'>;
  /** Pixels equal exactly, or within 1 (bilinear's known row-tail rounding). */
  tolerance: number;
  skip?: (w: number, h: number) => boolean;
}

const W = 416;
const H = 416;

const scenarios: Scenario[] = [
  {
    name: "yolov5/Ultralytics letterbox(): 'letterbox', 'half-even', centred, pad 114",
    spec: { resize: 'letterbox', rounding: 'half-even', padValue: 114 },
    reference: { op: 'yolov5-letterbox', pad: 114 },
    tolerance: 1,
  },
  {
    name: 'the same with scaleup=False: small images stay unscaled',
    spec: { resize: 'letterbox', rounding: 'half-even', padValue: 114, scaleUp: false },
    reference: { op: 'yolov5-letterbox', pad: 114, scaleup: false },
    tolerance: 1,
  },
  {
    name: "yolov5 val.py (load_image + letterbox): 'letterbox', 'ceil', 'area'",
    spec: { resize: 'letterbox', rounding: 'ceil', interpolation: 'area', padValue: 114 },
    reference: { op: 'yolov5-val', pad: 114 },
    tolerance: 1,
    // yolov5 resizes a second time where ceil(w * r) exceeds the input
    // (w * (416 / w) > 416 in double); trtmap clamps as Ultralytics does.
    skip: (w, h) => Math.ceil(Math.max(w, h) * (W / Math.max(w, h))) > W,
  },
  {
    name: "YOLOX preproc: 'keep-ratio', 'floor', top-left, pad 114",
    spec: { resize: 'keep-ratio', rounding: 'floor', anchor: 'top-left', padValue: 114 },
    reference: { op: 'yolox' },
    tolerance: 1,
  },
  {
    // The limiting side is exactly the input's; the other is floored in double,
    // which differs from the integer division in about 1 size in 10,000.
    name: "NanoDet's C++ demos (resize_uniform): 'letterbox', 'integer', centred, pad 0",
    spec: { resize: 'letterbox', rounding: 'integer', padValue: 0 },
    reference: { op: 'nanodet-resize-uniform' },
    tolerance: 1,
  },
  {
    // cv2.warpPerspective of x' = r x + (W - r w) / 2: fractional offsets.
    // OpenCV 5's SIMD path fuses some products (FMA), trtmap's portable code
    // does not: a few values differ by 1.
    name: "NanoDet's Python evaluation (warp_and_resize, keep_ratio): rounding 'none', pad 0",
    spec: { resize: 'keep-ratio', rounding: 'none', padValue: 0 },
    reference: { op: 'nanodet-warp' },
    tolerance: 1,
  },
];

async function ours(image: DecodedImage, spec: Omit<PreprocessSpec, 'width' | 'height'>) {
  const result = await preprocessOnCpu([image], {
    width: W,
    height: H,
    dtype: 'uint8',
    layout: 'nhwc',
    ...spec,
  });
  const pixels = Uint8Array.from(tensorView(result));
  await result.tensor.dispose();
  return { pixels, placement: result.placements[0], transform: result.transforms[0] };
}

describe.skipIf(!haveOpenCv)(
  `letterbox and keep-ratio placement parity with each repository's code${haveOpenCv ? '' : ` (${native ? pythonMissingReason('cv2', 'numpy') : nativeMissingReason})`}`,
  () => {
    it.each(scenarios.map((scenario) => [scenario.name, scenario] as const))(
      '%s: same pixels, same offsets',
      async (_name, scenario) => {
        const list = sizes(24, scenario.name.length).filter(([w, h]) => !scenario.skip?.(w, h));
        const images = list.map(([w, h], index) => randomImage(w, h, index + 1));
        const references = opencvReference(
          images.map((image) => ({ ...scenario.reference, image, width: W, height: H })),
        );
        for (const [index, image] of images.entries()) {
          const result = await ours(image, scenario.spec);
          const reference = references[index];
          const label = `${image.width}x${image.height}`;
          expect([result.placement.offsetX, result.placement.offsetY], label).toEqual(
            reference.offset,
          );
          expect(result.pixels.length).toBe(reference.pixels.length);
          let largest = 0;
          let differing = 0;
          for (let at = 0; at < result.pixels.length; at++) {
            const difference = Math.abs(result.pixels[at] - reference.pixels[at]);
            largest = Math.max(largest, difference);
            if (difference !== 0) differing++;
          }
          expect(largest, label).toBeLessThanOrEqual(scenario.tolerance);
          // Off by one only rarely (OpenCV's row tails, its fused multiply-adds).
          expect(differing / result.pixels.length, label).toBeLessThan(0.01);
          await image.pixels.dispose();
        }
      },
    );

    it("darknet letterbox_image: 'integer' rounding gives darknet's sizes and offsets (500 random sizes)", async () => {
      const random = seededRandom(99);
      const cases = Array.from({ length: 500 }, () => ({
        sourceWidth: 1 + Math.floor(random() * 3000),
        sourceHeight: 1 + Math.floor(random() * 3000),
        width: 32 * (5 + Math.floor(random() * 16)),
        height: 32 * (5 + Math.floor(random() * 16)),
      }));
      // darknet would make an empty image where the short side rounds to 0; trtmap keeps 1 pixel.
      const expected = darknetLetterboxSizes(cases);
      const valid = expected.map(([w, h]) => w > 0 && h > 0);
      expect(valid.filter(Boolean).length).toBeGreaterThan(450);
      const image = randomImage(3000, 3000, 5);
      for (const [index, item] of cases.entries()) {
        if (!valid[index]) continue;
        const view = { ...image, width: item.sourceWidth, height: item.sourceHeight };
        const result = await preprocessOnCpu([view], {
          width: item.width,
          height: item.height,
          resize: 'letterbox',
          rounding: 'integer',
          interpolation: 'nearest',
          dtype: 'uint8',
        });
        const { resizedWidth, resizedHeight, offsetX, offsetY } = result.placements[0];
        expect([resizedWidth, resizedHeight, offsetX, offsetY], JSON.stringify(item)).toEqual(
          expected[index],
        );
        await result.tensor.dispose();
      }
    });
  },
);
