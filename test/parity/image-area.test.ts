import { describe, expect, it } from 'vitest';
import type { DecodedImage } from '../../lib/image/decode.js';
import { preprocessOnCpu, tensorView } from '../../lib/image/preprocess.js';
import type { PreprocessSpec } from '../../lib/image/spec.js';
import { randomImage } from '../helpers/images.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { pythonHas, pythonMissingReason } from '../helpers/python.js';
import { seededRandom } from '../helpers/random.js';
import { opencvReference } from './image/opencv.js';

const haveOpenCv = native !== undefined && pythonHas('cv2', 'numpy');

/** The resized bytes as they are: uint8, NHWC, no padding. */
async function resized(image: DecodedImage, spec: PreprocessSpec): Promise<Uint8Array> {
  const result = await preprocessOnCpu([image], { dtype: 'uint8', layout: 'nhwc', ...spec });
  const [placement] = result.placements;
  if (
    spec.interpolation === 'area' &&
    placement.resizedWidth <= image.width &&
    placement.resizedHeight <= image.height
  ) {
    expect(placement.sampler).toBe('area');
  }
  const bytes = Uint8Array.from(tensorView(result));
  await result.tensor.dispose();
  return bytes;
}

function differences(ours: Uint8Array, reference: Uint8Array) {
  expect(ours.length).toBe(reference.length);
  let largest = 0;
  let differing = 0;
  for (let index = 0; index < ours.length; index++) {
    const difference = Math.abs(ours[index] - reference[index]);
    largest = Math.max(largest, difference);
    if (difference !== 0) differing++;
  }
  return { largest, differing };
}

interface AreaCase {
  w: number;
  h: number;
  dw: number;
  dh: number;
  channels: 1 | 3;
}

/** Seeded random shrink factors, plus the integer scales of OpenCV's resizeAreaFast. */
function areaCases(): AreaCase[] {
  const random = seededRandom(20261130);
  const cases: AreaCase[] = [];
  for (let index = 0; index < 40; index++) {
    const w = 8 + Math.floor(random() * 700);
    const h = 8 + Math.floor(random() * 700);
    const factor = 0.05 + random() * 0.95;
    const aspect = 0.7 + random() * 0.6;
    cases.push({
      w,
      h,
      dw: Math.max(1, Math.min(w, Math.floor(w * factor))),
      dh: Math.max(1, Math.min(h, Math.floor(h * factor * aspect))),
      channels: index % 4 === 3 ? 1 : 3,
    });
  }
  for (const [sx, sy] of [
    [2, 2],
    [3, 3],
    [4, 4],
    [2, 3],
    [5, 1],
    [1, 1],
    [7, 6],
  ]) {
    for (const channels of [3, 1] as const) {
      cases.push({ w: 7 * sx * 13, h: 5 * sy * 11, dw: 7 * 13, dh: 5 * 11, channels });
    }
  }
  // A 640x480 photo-sized image into yolov5's 640 and 416 inputs.
  cases.push({ w: 640, h: 480, dw: 416, dh: 312, channels: 3 });
  cases.push({ w: 1000, h: 667, dw: 640, dh: 427, channels: 3 });
  return cases;
}

describe.skipIf(!haveOpenCv)(
  `INTER_AREA parity with OpenCV${haveOpenCv ? '' : ` (${native ? pythonMissingReason('cv2', 'numpy') : nativeMissingReason})`}`,
  () => {
    it("'area' equals cv2.resize INTER_AREA on uint8 when shrinking: random sizes and scales, integer scales (resizeAreaFast), 1 and 3 channels", async () => {
      const cases = areaCases();
      const images = cases.map((item, index) => randomImage(item.w, item.h, 1000 + index));
      const references = opencvReference(
        cases.map((item, index) => ({
          image: images[index],
          op: 'resize',
          width: item.dw,
          height: item.dh,
          interpolation: 'INTER_AREA',
          gray: item.channels === 1,
        })),
      );
      let exactCases = 0;
      for (const [index, item] of cases.entries()) {
        const ours = await resized(images[index], {
          width: item.dw,
          height: item.dh,
          interpolation: 'area',
          channels: item.channels,
        });
        const { largest, differing } = differences(ours, references[index].pixels);
        expect(largest, JSON.stringify(item)).toBeLessThanOrEqual(1);
        if (differing === 0) exactCases++;
        await images[index].pixels.dispose();
      }
      // The float operations follow OpenCV's order: every case is exact.
      expect(exactCases).toBe(cases.length);
    });

    it("'area' when the image grows on either axis is cv2.resize INTER_LINEAR (yolov5 asks for INTER_LINEAR when r > 1)", async () => {
      const cases: [number, number, number, number][] = [
        [100, 80, 300, 200],
        [300, 60, 200, 90],
      ];
      const images = cases.map(([w, h], index) => randomImage(w, h, 77 + index));
      const references = opencvReference(
        cases.map(([, , dw, dh], index) => ({
          image: images[index],
          op: 'resize' as const,
          width: dw,
          height: dh,
          interpolation: 'INTER_LINEAR',
        })),
      );
      for (const [index, [, , dw, dh]] of cases.entries()) {
        const area = await preprocessOnCpu([images[index]], {
          width: dw,
          height: dh,
          interpolation: 'area',
          dtype: 'uint8',
        });
        expect(area.placements[0].sampler).toBe('bilinear');
        await area.tensor.dispose();
        const ours = await resized(images[index], { width: dw, height: dh, interpolation: 'area' });
        // Within 1 where OpenCV's scalar row tail rounds differently (image-resize.test.ts).
        expect(differences(ours, references[index].pixels).largest).toBeLessThanOrEqual(1);
      }
    });
  },
);
