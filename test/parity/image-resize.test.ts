import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../lib/image/decode.js';
import { decodeImage } from '../../lib/image/decode.js';
import { preprocessOnCpu, tensorView } from '../../lib/image/preprocess.js';
import type { PreprocessSpec } from '../../lib/image/spec.js';
import { fixture, fixturesRoot } from '../helpers/fixtures.js';
import { randomImage } from '../helpers/images.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { darknetResizeImage, toDarknetImage } from './darknet-resize.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'trtmap-resize-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const haveOpenCv = native !== undefined && pythonHas('cv2', 'numpy');

/** Preprocessing that leaves the resized pixel values as they are (NHWC, RGB). */
const identity = { scale: 1, mean: 0, std: 1, layout: 'nhwc', dtype: 'float32' } as const;

async function resizedValues(image: DecodedImage, spec: PreprocessSpec): Promise<Float32Array> {
  const result = await preprocessOnCpu([image], spec);
  return tensorView(result) as Float32Array;
}

function cv2Resize(
  image: DecodedImage,
  width: number,
  height: number,
  interpolation: string,
): Uint8Array {
  const input = path.join(scratch, 'input.rgb');
  const output = path.join(scratch, 'output.rgb');
  writeFileSync(input, image.pixels.bytes);
  runPython(
    `import sys, numpy as np, cv2
w, h, dw, dh = map(int, sys.argv[3:7])
image = np.fromfile(sys.argv[1], np.uint8).reshape(h, w, 3)
cv2.resize(image, (dw, dh), interpolation=getattr(cv2, sys.argv[7])).tofile(sys.argv[2])`,
    [input, output, ...[image.width, image.height, width, height].map(String), interpolation],
  );
  return readFileSync(output);
}

const sizes: [number, number, number, number][] = [
  [640, 480, 320, 320],
  [500, 375, 416, 416],
  [77, 100, 300, 300],
  [427, 640, 352, 352],
  [33, 17, 7, 5],
  [5, 3, 64, 48],
];

describe.skipIf(!haveOpenCv)(
  `image resize parity with OpenCV${haveOpenCv ? '' : ` (${native ? pythonMissingReason('cv2', 'numpy') : nativeMissingReason})`}`,
  () => {
    it.each(sizes)(
      'bilinear %ix%i -> %ix%i is within 1 of cv2.resize INTER_LINEAR on uint8',
      async (w, h, dw, dh) => {
        const image = randomImage(w, h, w * 7 + h);
        const ours = await resizedValues(image, {
          width: dw,
          height: dh,
          interpolation: 'bilinear',
          ...identity,
        });
        const reference = cv2Resize(image, dw, dh, 'INTER_LINEAR');
        let maxDifference = 0;
        let exact = 0;
        for (let index = 0; index < reference.length; index++) {
          const difference = Math.abs(ours[index] - reference[index]);
          maxDifference = Math.max(maxDifference, difference);
          if (difference === 0) exact++;
        }
        // Off by one only where OpenCV's scalar tail (row ends) rounds
        // differently from its SIMD body, which trtmap reproduces.
        expect(maxDifference).toBeLessThanOrEqual(1);
        expect(exact / reference.length).toBeGreaterThan(0.95);
      },
    );

    it.each(sizes)(
      'nearest %ix%i -> %ix%i equals cv2.resize INTER_NEAREST',
      async (w, h, dw, dh) => {
        const image = randomImage(w, h, w + h * 3);
        const ours = await resizedValues(image, {
          width: dw,
          height: dh,
          interpolation: 'nearest',
          ...identity,
        });
        expect(Array.from(ours)).toEqual(Array.from(cv2Resize(image, dw, dh, 'INTER_NEAREST')));
      },
    );

    it.skipIf(!fixturesRoot)(
      'bilinear on a decoded fixture photo, and letterbox = resize + border',
      async () => {
        const image = await decodeImage(fixture('images/dog.jpg'));
        const plain = await resizedValues(image, {
          width: 416,
          height: 416,
          interpolation: 'bilinear',
          ...identity,
        });
        const reference = cv2Resize(image, 416, 416, 'INTER_LINEAR');
        let largest = 0;
        for (let index = 0; index < plain.length; index++) {
          largest = Math.max(largest, Math.abs(plain[index] - reference[index]));
        }
        expect(largest).toBeLessThanOrEqual(1);

        const result = await preprocessOnCpu([image], {
          width: 416,
          height: 416,
          resize: 'letterbox',
          padValue: 114,
          interpolation: 'bilinear',
          ...identity,
        });
        const [transform] = result.transforms;
        const resizedWidth = Math.round(transform.scaleX * image.width);
        const resizedHeight = Math.round(transform.scaleY * image.height);
        expect([resizedWidth, resizedHeight, transform.offsetX, transform.offsetY]).toEqual([
          416, 312, 0, 52,
        ]);
        const letterboxed = tensorView(result);
        const inner = cv2Resize(image, resizedWidth, resizedHeight, 'INTER_LINEAR');
        for (let y = 0; y < 416; y++) {
          const insideRow = y >= 52 && y < 52 + 312;
          for (let x = 0; x < 416; x += 5) {
            const value = letterboxed[(y * 416 + x) * 3 + 1];
            if (!insideRow) expect(value).toBe(114);
            else
              expect(Math.abs(value - inner[((y - 52) * 416 + x) * 3 + 1])).toBeLessThanOrEqual(1);
          }
        }
      },
    );
  },
);

describe.skipIf(native === undefined)(
  'darknet resize parity with a transcription of resize_image',
  () => {
    // Exact: like darknet, trtmap scales the bytes (p / 255 as float32) before
    // the two float32 passes of resize_image, in the same operation order.
    it.each(sizes)('darknet %ix%i -> %ix%i matches bit for bit', async (w, h, dw, dh) => {
      const image = randomImage(w, h, w * 13 + h);
      const result = await preprocessOnCpu([image], {
        width: dw,
        height: dh,
        interpolation: 'darknet',
        scale: 1 / 255,
        layout: 'nchw',
      });
      const ours = tensorView(result);
      const reference = darknetResizeImage(toDarknetImage(image.pixels.bytes, w, h), dw, dh).data;
      let differing = 0;
      for (let index = 0; index < reference.length; index++) {
        if (ours[index] !== reference[index]) differing++;
      }
      expect(differing).toBe(0);
    });
  },
);
