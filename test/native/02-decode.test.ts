import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../lib/image/decode.js';
import { fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { fixtureJpegs } from '../helpers/images.js';
import { native, nativeMissingReason } from '../helpers/native.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';

const scratch = mkdtempSync(path.join(os.tmpdir(), 'trtmap-decode-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// Pillow's decode of each file, as raw RGB bytes (convert('RGB') as trtmap does).
const pillowDecode = `
import sys
from PIL import Image
for index, source in enumerate(sys.argv[2:]):
    image = Image.open(source).convert('RGB')
    with open(f'{sys.argv[1]}/{index}.rgb', 'wb') as out:
        out.write(image.tobytes())
    print(image.width, image.height)
`;

function pillowPixels(files: string[]): { width: number; height: number; bytes: Buffer }[] {
  const sizes = runPython(pillowDecode, [scratch, ...files])
    .trim()
    .split('\n');
  return sizes.map((line, index) => {
    const [width, height] = line.split(' ').map(Number);
    return { width, height, bytes: readFileSync(path.join(scratch, `${index}.rgb`)) };
  });
}

describe.skipIf(native === undefined)(
  `decode: JPEG against Pillow ${native ? '' : nativeMissingReason}`,
  () => {
    const haveReferences = fixturesRoot !== undefined && pythonHas('PIL');
    it.skipIf(!haveReferences)(
      `every fixture JPEG equals Pillow's decode pixel for pixel${haveReferences ? '' : ` (${fixturesRoot ? pythonMissingReason('PIL') : fixturesMissingReason})`}`,
      async () => {
        const files = fixtureJpegs();
        expect(files.length).toBeGreaterThanOrEqual(118);
        const references = pillowPixels(files);
        // Both use libjpeg-turbo's defaults: the accurate integer IDCT and fancy
        // upsampling, hence exact equality is expected (and required) here.
        for (const [index, file] of files.entries()) {
          const decoded = await decodeImage(file);
          const reference = references[index];
          expect([decoded.width, decoded.height], file).toEqual([
            reference.width,
            reference.height,
          ]);
          const mismatches = decoded.pixels.bytes.reduce(
            (count, value, at) => count + (value !== reference.bytes[at] ? 1 : 0),
            0,
          );
          expect(mismatches, file).toBe(0);
          await decoded.pixels.dispose();
        }
      },
    );
  },
);

describe.skipIf(native === undefined || !pythonHas('PIL'))('decode: PNG against Pillow', () => {
  const makePngs = `
import sys, random
from PIL import Image
random.seed(7)
def noise(mode, size):
    image = Image.new(mode, size)
    bands = len(image.getbands())
    image.putdata([tuple(random.randrange(256) for _ in range(bands)) if bands > 1 else random.randrange(256)
                   for _ in range(size[0] * size[1])])
    return image
out = sys.argv[1]
noise('RGB', (37, 23)).save(f'{out}/rgb.png')
noise('RGBA', (20, 31)).save(f'{out}/rgba.png')
noise('L', (16, 9)).save(f'{out}/gray.png')
noise('LA', (11, 13)).save(f'{out}/gray-alpha.png')
noise('RGB', (40, 30)).quantize(colors=17).save(f'{out}/palette.png')
noise('RGB', (33, 17)).save(f'{out}/interlaced.png', interlace=True)
noise('1', (29, 5)).save(f'{out}/bilevel.png')
`;
  const names = ['rgb', 'rgba', 'gray', 'gray-alpha', 'palette', 'interlaced', 'bilevel'];

  it('RGB, RGBA, gray, gray+alpha, palette, interlaced and 1-bit PNGs decode as Pillow convert("RGB")', async () => {
    runPython(makePngs, [scratch]);
    const files = names.map((name) => path.join(scratch, `${name}.png`));
    const references = pillowPixels(files);
    for (const [index, file] of files.entries()) {
      const decoded = await decodeImage(readFileSync(file));
      expect([decoded.width, decoded.height], file).toEqual([
        references[index].width,
        references[index].height,
      ]);
      expect(Buffer.from(decoded.pixels.bytes).equals(references[index].bytes), file).toBe(true);
    }
  });
});

describe.skipIf(native === undefined)(
  'decode: bad input rejects with a code, never crashes',
  () => {
    const jpeg = fixturesRoot
      ? readFileSync(path.join(fixturesRoot, 'images/dog.jpg'))
      : Buffer.alloc(0);

    async function decodeError(
      source: string | Uint8Array,
    ): Promise<Error & { code: string; file?: string }> {
      try {
        await decodeImage(source);
      } catch (error) {
        return error as Error & { code: string; file?: string };
      }
      throw new Error('expected a rejection');
    }

    it.skipIf(!fixturesRoot)(
      'a truncated JPEG is ERR_DECODE naming the file (not a gray-filled image)',
      async () => {
        for (const keep of [0.5, 0.9, 0.999]) {
          const file = path.join(scratch, `truncated-${keep}.jpg`);
          writeFileSync(file, jpeg.subarray(0, Math.floor(jpeg.length * keep)));
          const error = await decodeError(file);
          expect(error.code).toBe('ERR_DECODE');
          expect(error.message).toContain(file);
          expect(error.file).toBe(file);
        }
      },
    );

    it.skipIf(!fixturesRoot)(
      'corrupt JPEG and PNG data, headers only, and random bytes are ERR_DECODE',
      async () => {
        const corrupt = Buffer.from(jpeg);
        corrupt.fill(0x55, 700, 4000);
        const cases: Uint8Array[] = [
          jpeg.subarray(0, 200), // header, no scan
          Buffer.from([0xff, 0xd8, 0xff]),
          Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
          Buffer.from('GIF89a not supported'),
          Buffer.alloc(0),
        ];
        for (const bytes of cases) expect((await decodeError(bytes)).code).toBe('ERR_DECODE');
        // Corrupt entropy-coded data: libjpeg may or may not notice; it must not crash.
        await decodeImage(corrupt).then(
          (image) => image.pixels.dispose(),
          (error) => expect(error.code).toBe('ERR_DECODE'),
        );
      },
    );

    it('a PNG with a broken chunk CRC or cut short is ERR_DECODE', async () => {
      if (!pythonHas('PIL')) return;
      runPython(
        `import sys\nfrom PIL import Image\nImage.new('RGB', (64, 64), (10, 200, 30)).save(sys.argv[1])`,
        [path.join(scratch, 'plain.png')],
      );
      const png = readFileSync(path.join(scratch, 'plain.png'));
      const badCrc = Buffer.from(png);
      badCrc[30] ^= 0xff; // inside IHDR's CRC
      expect((await decodeError(badCrc)).code).toBe('ERR_DECODE');
      expect((await decodeError(png.subarray(0, png.length - 20))).code).toBe('ERR_DECODE');
    });

    it('a missing file is ERR_FILE_NOT_FOUND, a directory ERR_IO', async () => {
      expect((await decodeError(path.join(scratch, 'missing.jpg'))).code).toBe(
        'ERR_FILE_NOT_FOUND',
      );
      expect((await decodeError(scratch)).code).toBe('ERR_IO');
    });

    it('wrong arguments reject (never throw) with ERR_INVALID_ARGUMENT and the call site in the stack', async () => {
      for (const value of [42, '', null, {}]) {
        const promise = decodeImage(value as unknown as string);
        expect(promise).toBeInstanceOf(Promise);
        const error = await promise.catch((caught: Error & { code: string }) => caught);
        expect((error as { code: string }).code).toBe('ERR_INVALID_ARGUMENT');
      }
      const native_ = native!;
      const rejected = native_.decodeImage(42 as unknown as string, true, false);
      expect(rejected).toBeInstanceOf(Promise);
      await expect(rejected).rejects.toMatchObject({ code: 'ERR_INVALID_ARGUMENT' });
      const missing = await decodeError('/nonexistent/file.jpg');
      expect(missing.stack).toContain('02-decode.test.ts');
    });
  },
);
