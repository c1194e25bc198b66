import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../lib/image/decode.js';
import { type RasterImage, drawDetections } from '../../lib/image/draw.js';
import { encodeImage, rasterOf, saveImage } from '../../lib/image/encode.js';
import { fixture, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { seededRandom } from '../helpers/random.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'trtmap-encode-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function randomRaster(width: number, height: number, channels: 1 | 3, seed: number): RasterImage {
  const random = seededRandom(seed);
  const data = new Uint8Array(width * height * channels);
  for (let index = 0; index < data.length; index++) {
    // Smooth with a little noise: what photos look like to a JPEG encoder.
    const x = Math.floor(index / channels) % width;
    data[index] = Math.round(120 + 80 * Math.sin(x / 9 + (index % channels)) + random() * 4);
  }
  return { data, width, height, channels };
}

/** Pillow's decode of an encoded file (an independent decoder), as raw bytes. */
function pillowDecode(file: string): { mode: string; bytes: Buffer } {
  const raw = `${file}.raw`;
  const mode = runPython(
    `import sys\nfrom PIL import Image\nimage = Image.open(sys.argv[1])\nopen(sys.argv[2], 'wb').write(image.tobytes())\nprint(image.mode)`,
    [file, raw],
  ).trim();
  return { mode, bytes: readFileSync(raw) };
}

describe.skipIf(native === undefined)(
  `encode: PNG and JPEG for saved pictures ${native ? '' : nativeMissingReason}`,
  () => {
    const havePillow = pythonHas('PIL');

    it.skipIf(!havePillow)(
      `PNG is lossless: RGB and gray read back identical by Pillow and by trtmap${havePillow ? '' : ` (${pythonMissingReason('PIL')})`}`,
      async () => {
        for (const channels of [3, 1] as const) {
          const image = randomRaster(37, 23, channels, channels);
          const encoded = await encodeImage(image, { format: 'png' });
          const file = path.join(scratch, `lossless-${channels}.png`);
          writeFileSync(file, encoded);
          const pillow = pillowDecode(file);
          expect(pillow.mode).toBe(channels === 3 ? 'RGB' : 'L');
          expect(pillow.bytes.equals(Buffer.from(image.data))).toBe(true);
          const ours = await decodeImage(encoded, { channels });
          expect(Buffer.from(ours.pixels.bytes).equals(Buffer.from(image.data))).toBe(true);
        }
      },
    );

    it.skipIf(!havePillow)(
      'JPEG keeps the picture (PSNR above 35 dB at quality 95) and shrinks with the quality',
      async () => {
        const image = randomRaster(160, 120, 3, 9);
        const sizes: number[] = [];
        for (const quality of [95, 40]) {
          const encoded = await encodeImage(image, { format: 'jpeg', quality });
          sizes.push(encoded.length);
          const file = path.join(scratch, `q${quality}.jpg`);
          writeFileSync(file, encoded);
          const { mode, bytes } = pillowDecode(file);
          expect(mode).toBe('RGB');
          let squared = 0;
          for (let index = 0; index < bytes.length; index++) {
            squared += (bytes[index] - image.data[index]) ** 2;
          }
          const psnr = 10 * Math.log10((255 * 255) / (squared / bytes.length));
          if (quality === 95) expect(psnr).toBeGreaterThan(35);
        }
        expect(sizes[1]).toBeLessThan(sizes[0]);
        const gray = await encodeImage(randomRaster(16, 16, 1, 2), { format: 'jpeg' });
        const file = path.join(scratch, 'gray.jpg');
        writeFileSync(file, gray);
        expect(pillowDecode(file).mode).toBe('L');
      },
    );

    it.skipIf(!fixturesRoot)(
      'a photo with drawn detections saves as PNG and reads back pixel for pixel',
      async () => {
        const photo = await decodeImage(fixture('images/dog.jpg'));
        const raster = rasterOf(photo);
        drawDetections(raster, [
          { box: [124, 219, 313, 542], label: 'dog 0.96', classId: 16 },
          { box: [114, 128, 568, 421], label: 'bicycle 0.89', classId: 1 },
        ]);
        const file = path.join(scratch, 'dog-detections.PNG');
        await saveImage(file, raster);
        const back = await decodeImage(file);
        expect(Buffer.from(back.pixels.bytes).equals(Buffer.from(raster.data))).toBe(true);
        await saveImage(path.join(scratch, 'dog.jpeg'), raster, { quality: 80 });
        expect(readFileSync(path.join(scratch, 'dog.jpeg')).subarray(0, 3)).toEqual(
          Buffer.from([0xff, 0xd8, 0xff]),
        );
      },
    );

    it('bad arguments reject with ERR_INVALID_ARGUMENT; an unwritable path with ERR_IO naming it', async () => {
      const image = randomRaster(4, 4, 3, 1);
      await expect(saveImage(path.join(scratch, 'out.webp'), image)).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
        message: expect.stringContaining('.png, .jpg or .jpeg'),
      });
      await expect(encodeImage(image, { format: 'jpeg', quality: 0 })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
      });
      await expect(encodeImage({ ...image, width: 100 }, { format: 'png' })).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
      });
      await expect(
        native!.encodeImage(Buffer.alloc(3), 1, 1, 2 as 1, 'png', 90),
      ).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      const missing = path.join(scratch, 'no-such-folder', 'out.png');
      await expect(saveImage(missing, image)).rejects.toMatchObject({
        code: 'ERR_IO',
        file: missing,
      });
    });
  },
);
