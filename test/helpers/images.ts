import { readdirSync } from 'node:fs';
import path from 'node:path';
import { HostBuffer } from '../../lib/cuda/host_buffer.js';
import type { DecodedImage } from '../../lib/image/decode.js';
import { fixture, fixturesRoot } from './fixtures.js';
import { seededRandom } from './random.js';

/** Every fixture JPEG: images/, tiny-coco and voc100 (sha256-checked). */
export function fixtureJpegs(): string[] {
  if (fixturesRoot === undefined) return [];
  const folders = ['images', 'datasets/tiny-coco/images', 'datasets/voc100/JPEGImages'];
  return folders.flatMap((folder) =>
    readdirSync(path.join(fixturesRoot!, folder))
      .filter((name) => name.toLowerCase().endsWith('.jpg'))
      .sort()
      .map((name) => fixture(path.join(folder, name))),
  );
}

/** A random RGB image in a HostBuffer (smooth plus noise, so resizing matters). */
export function randomImage(
  width: number,
  height: number,
  seed: number,
  options: { mapped?: boolean } = {},
): DecodedImage {
  const random = seededRandom(seed);
  const pixels = HostBuffer.allocate(width * height * 3, { mapped: options.mapped ?? false });
  const bytes = pixels.bytes;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      for (let c = 0; c < 3; c++) {
        const smooth = 127 + 100 * Math.sin((x * (c + 1)) / 17 + y / 23);
        bytes[(y * width + x) * 3 + c] = Math.max(
          0,
          Math.min(255, Math.round(smooth + (random() - 0.5) * 80)),
        );
      }
    }
  }
  return { pixels, width, height, channels: 3 };
}
