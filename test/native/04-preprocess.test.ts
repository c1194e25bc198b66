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
    expect(() => normalizePreprocessSpec({ width: 1, height: 1, channels: 2 as never })).toThrow(
      /Expected 1 or 3 for spec.channels but received 2/,
    );
    expect(() =>
      normalizePreprocessSpec({ width: 1, height: 1, channels: 1, mean: [1, 2, 3] }),
    ).toThrow(/Expected 1 number for spec.mean/);
    expect(
      normalizePreprocessSpec({ width: 1, height: 1, channels: 1, std: [2, 2, 2] }).std,
    ).toEqual([2, 2, 2]);
  });

  it('uint8 output takes the resized bytes only: scale 1, mean 0, std 1, an integer pad', () => {
    const spec = normalizePreprocessSpec({ width: 8, height: 8, dtype: 'uint8' });
    expect([spec.scale, spec.padValue, spec.mean, spec.std]).toEqual([
      1,
      127,
      [0, 0, 0],
      [1, 1, 1],
    ]);
    for (const [field, value] of [
      ['scale', 1 / 255],
      ['mean', 1],
      ['std', 2],
      ['padValue', 127.5],
      ['interpolation', 'darknet'],
    ] as const) {
      expect(() =>
        normalizePreprocessSpec({ width: 8, height: 8, dtype: 'uint8', [field]: value }),
      ).toThrow(new RegExp(`for spec.${field}`));
    }
  });

  it('rounding defaults follow the source each mode reproduces', () => {
    const rounding = (spec: object) =>
      normalizePreprocessSpec({ width: 8, height: 8, resize: 'letterbox', ...spec }).rounding;
    expect(rounding({})).toBe('half-even');
    expect(rounding({ interpolation: 'darknet' })).toBe('integer');
    expect(rounding({ resize: 'keep-ratio' })).toBe('floor');
    expect(rounding({ resize: 'keep-ratio', rounding: 'ceil' })).toBe('ceil');
    expect(() => rounding({ rounding: 'up' })).toThrow(
      /'half-even' or 'floor' or 'ceil' or 'integer'/,
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

    it('uint8 output is the float32 output with scale 1, as bytes', async () => {
      const spec = { ...base, interpolation: 'area' as const, scale: 1, layout: 'nhwc' as const };
      const floats = tensorView(await preprocessOnCpu([image], spec));
      const bytes = tensorView(await preprocessOnCpu([image], { ...spec, dtype: 'uint8' }));
      expect(bytes).toBeInstanceOf(Uint8Array);
      expect(Array.from(bytes)).toEqual(Array.from(floats));
    });

    it("keep-ratio maps boxes back with r on both axes, letterbox with the pixels' own scale", async () => {
      const wide = randomImage(103, 37, 4);
      const spec = { width: 32, height: 32, padValue: 0, anchor: 'top-left' as const };
      const keep = await preprocessOnCpu([wide], { ...spec, resize: 'keep-ratio' });
      const box = await preprocessOnCpu([wide], {
        ...spec,
        resize: 'letterbox',
        rounding: 'floor',
      });
      // r = 32 / 103; floor(37 r) = 11 rows, and 103 * r is just below 32 in double,
      // so YOLOX's int() gives 31 columns.
      expect(keep.placements[0]).toMatchObject({
        resizedWidth: 31,
        resizedHeight: 11,
        ratio: 32 / 103,
      });
      expect(keep.transforms[0]).toMatchObject({ scaleX: 32 / 103, scaleY: 32 / 103 });
      expect(box.transforms[0]).toMatchObject({ scaleX: 31 / 103, scaleY: 11 / 37 });
      expect(Array.from(tensorView(keep))).toEqual(Array.from(tensorView(box)));
    });

    it("rounding 'none' (NanoDet's warp) reports the fractional shift and maps boxes with r", async () => {
      const wide = randomImage(103, 37, 4);
      const result = await preprocessOnCpu([wide], {
        width: 32,
        height: 32,
        resize: 'letterbox',
        rounding: 'none',
        padValue: 0,
      });
      const ratio = 32 / 103;
      expect(result.placements[0]).toMatchObject({ sampler: 'warp', resizedWidth: 32, ratio });
      expect(result.placements[0].offsetY).toBe(ratio * (-37 / 2) + 16);
      expect(result.transforms[0]).toMatchObject({ scaleX: ratio, scaleY: ratio });
      expect(result.transforms[0].offsetX).toBe(ratio * (-103 / 2) + 16);
      expect(() =>
        normalizePreprocessSpec({
          width: 8,
          height: 8,
          resize: 'keep-ratio',
          rounding: 'none',
          interpolation: 'area',
        }),
      ).toThrow(/for spec.interpolation/);
      expect(() =>
        normalizePreprocessSpec({
          width: 8,
          height: 8,
          resize: 'keep-ratio',
          rounding: 'none',
          padValue: 300,
        }),
      ).toThrow(/for spec.padValue/);
    });

    it('scaleUp false never enlarges: a small image is centred as it is', async () => {
      const small = randomImage(10, 6, 8);
      const result = await preprocessOnCpu([small], {
        width: 32,
        height: 32,
        resize: 'letterbox',
        scaleUp: false,
        dtype: 'uint8',
        layout: 'nhwc',
      });
      expect(result.placements[0]).toMatchObject({
        resizedWidth: 10,
        resizedHeight: 6,
        offsetX: 11,
        offsetY: 13,
        ratio: 1,
      });
      const out = tensorView(result);
      expect(Array.from(out.subarray((13 * 32 + 11) * 3, (13 * 32 + 21) * 3))).toEqual(
        Array.from(small.pixels.bytes.subarray(0, 30)),
      );
    });

    it("one channel: RGB becomes gray before resizing, by darknet's or OpenCV's formula", async () => {
      const spec = {
        width: 23,
        height: 17,
        interpolation: 'nearest' as const,
        dtype: 'uint8' as const,
      };
      const darknet = await preprocessOnCpu([image], {
        ...spec,
        channels: 1,
        grayConversion: 'darknet',
      });
      const opencv = await preprocessOnCpu([image], { ...spec, channels: 1 });
      expect(darknet.shape).toEqual([1, 1, 17, 23]);
      const rgb = image.pixels.bytes;
      const ours = [tensorView(darknet), tensorView(opencv)];
      for (let pixel = 0; pixel < 23 * 17; pixel++) {
        const [r, g, b] = [rgb[pixel * 3], rgb[pixel * 3 + 1], rgb[pixel * 3 + 2]];
        expect(ours[0][pixel]).toBe((77 * r + 150 * g + 29 * b) >> 8);
        expect(ours[1][pixel]).toBe((9798 * r + 19235 * g + 3735 * b + 16384) >> 15);
      }
    });

    it('a one-channel image feeds a three-channel input as R = G = B, and a one-channel input as is', async () => {
      const gray = randomImage(23, 17, 6);
      const plane = { ...gray, channels: 1 as const };
      const spec = {
        width: 23,
        height: 17,
        interpolation: 'nearest' as const,
        dtype: 'uint8' as const,
      };
      const three = tensorView(await preprocessOnCpu([plane], { ...spec, layout: 'nhwc' }));
      const one = tensorView(await preprocessOnCpu([plane], { ...spec, channels: 1 }));
      for (let pixel = 0; pixel < 23 * 17; pixel++) {
        const value = gray.pixels.bytes[pixel];
        expect([three[pixel * 3], three[pixel * 3 + 1], three[pixel * 3 + 2], one[pixel]]).toEqual([
          value,
          value,
          value,
          value,
        ]);
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
