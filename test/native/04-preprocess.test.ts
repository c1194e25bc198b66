import { describe, expect, it } from 'vitest';
import {
  normalizePreprocessSpec,
  preprocessOnCpu,
  tensorView,
  toSourceBox,
} from '../../lib/image/index.js';
import { native } from '../helpers/native.js';
import { randomImage } from '../helpers/images.js';

const f = Math.fround;

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 31) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

describe('preprocessing spec validation (no addon needed)', () => {
  it('fills defaults and rejects bad fields with the project message shape', () => {
    const spec = normalizePreprocessSpec({ width: 320, height: 320 });
    expect(spec).toMatchObject({
      resize: 'stretch',
      interpolation: 'bilinear',
      layout: 'nchw',
      dtype: 'float32',
    });
    expect(spec.mean).toEqual([0, 0, 0]);
    expect(() => normalizePreprocessSpec({ width: 0, height: 1 })).toThrow(
      /Expected an integer from 1 to 16384 for spec.width but received 0/,
    );
    expect(() => normalizePreprocessSpec({ width: 1, height: 1, std: [1, 0, 1] })).toThrow(
      /spec.std/,
    );
    expect(() => normalizePreprocessSpec({ width: 1, height: 1, mean: [1, 2] })).toThrow(
      /3 numbers/,
    );
    expect(() => normalizePreprocessSpec({ width: 1, height: 1, layout: 'chw' as never })).toThrow(
      /'nchw' or 'nhwc'/,
    );
    expect(() => normalizePreprocessSpec({ width: 1, height: 1, interpolation: 'area' })).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }),
    );
  });

  it('maps boxes back through the letterbox transform', () => {
    const transform = {
      sourceWidth: 200,
      sourceHeight: 100,
      scaleX: 2,
      scaleY: 2,
      offsetX: 0,
      offsetY: 100,
    };
    expect(toSourceBox([20, 120, 60, 140], transform)).toEqual([10, 10, 30, 20]);
  });
});

describe.skipIf(native === undefined)(
  'preprocessing: normalization, channel order, layout, dtype',
  () => {
    const image = randomImage(23, 17, 5);
    const base = { width: 11, height: 9, interpolation: 'nearest' as const };

    it('out = (value * scale - mean[c]) / std[c] in float32, channels reordered for bgr', async () => {
      const raw = tensorView(await preprocessOnCpu([image], { ...base, scale: 1, layout: 'nhwc' }));
      const mean = [0.485, 0.456, 0.406];
      const std = [0.229, 0.224, 0.225];
      const normalized = tensorView(
        await preprocessOnCpu([image], {
          ...base,
          scale: 1 / 255,
          mean,
          std,
          channelOrder: 'bgr',
          layout: 'nchw',
        }),
      );
      const plane = 11 * 9;
      for (let pixel = 0; pixel < plane; pixel++) {
        for (let c = 0; c < 3; c++) {
          const value = raw[pixel * 3 + (2 - c)];
          const expected = f(f(f(value * f(1 / 255)) - f(mean[c])) / f(std[c]));
          expect(normalized[c * plane + pixel]).toBe(expected);
        }
      }
    });

    it('float16 is the float32 result rounded to the nearest half (ties to even)', async () => {
      const spec = { ...base, interpolation: 'darknet' as const, mean: 0.3, std: 0.7 };
      const single = tensorView(await preprocessOnCpu([image], spec));
      const half = tensorView(await preprocessOnCpu([image], { ...spec, dtype: 'float16' }));
      expect(half).toBeInstanceOf(Uint16Array);
      for (let index = 0; index < single.length; index++) {
        const chosen = halfToFloat(half[index]);
        for (const neighbour of [half[index] - 1, half[index] + 1]) {
          const distance = Math.abs(halfToFloat(neighbour) - single[index]);
          expect(Math.abs(chosen - single[index])).toBeLessThanOrEqual(distance);
        }
      }
    });

    it('batches images into one tensor, each with its own transform', async () => {
      const other = randomImage(40, 10, 9);
      const batch = await preprocessOnCpu([image, other], {
        ...base,
        resize: 'letterbox',
        anchor: 'top-left',
      });
      expect(batch.shape).toEqual([2, 3, 9, 11]);
      expect(batch.transforms[1]).toMatchObject({ offsetX: 0, offsetY: 0, scaleX: 11 / 40 });
      const alone = tensorView(
        await preprocessOnCpu([other], { ...base, resize: 'letterbox', anchor: 'top-left' }),
      );
      expect(Array.from(tensorView(batch).subarray(3 * 9 * 11))).toEqual(Array.from(alone));
    });
  },
);
