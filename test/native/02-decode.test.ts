import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeImage } from '../../lib/image/decode.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { fixtureJpegs } from '../helpers/images.js';
import { native, nativeMissingReason, repositoryRoot } from '../helpers/native.js';
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
      'a truncated JPEG decodes as far as its data goes, with a warning (cv2.imread returns it too)',
      async () => {
        const whole = await decodeImage(jpeg);
        expect(whole.warning).toBeUndefined();
        for (const keep of [0.5, 0.9, 0.999]) {
          const file = path.join(scratch, `truncated-${keep}.jpg`);
          writeFileSync(file, jpeg.subarray(0, Math.floor(jpeg.length * keep)));
          const decoded = await decodeImage(file);
          expect([decoded.width, decoded.height]).toEqual([whole.width, whole.height]);
          expect(decoded.warning).toMatch(/^truncated JPEG \(.*Premature end of JPEG file.*\)/);
          // The first rows, decoded before the data ran out, are the whole file's.
          const row = whole.width * 3;
          expect(
            Buffer.from(decoded.pixels.bytes.subarray(0, row * 8)).equals(
              Buffer.from(whole.pixels.bytes.subarray(0, row * 8)),
            ),
          ).toBe(true);
          await decoded.pixels.dispose();
        }
        await whole.pixels.dispose();
        // Too little for any image (the headers cut): still ERR_DECODE naming the file.
        const headerOnly = path.join(scratch, 'truncated-header.jpg');
        writeFileSync(headerOnly, jpeg.subarray(0, 200));
        const error = await decodeError(headerOnly);
        expect([error.code, error.file]).toEqual(['ERR_DECODE', headerOnly]);
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

interface ReferenceCase {
  file: string;
  raw?: string;
  width?: number;
  height?: number;
  channels?: 1 | 3;
}

const haveOpenCv = native !== undefined && pythonHas('cv2', 'numpy', 'PIL');
const orientations = [1, 2, 3, 4, 5, 6, 7, 8];
const readAsCv2 = [
  'png 16-bit RGB',
  'png 16-bit gray',
  'png 16-bit RGBA',
  'png palette with tRNS',
  'png gray with tRNS',
  'png gray+alpha',
  'png 1-bit',
  'jpeg YCbCr as gray',
  'jpeg gray as gray',
  'jpeg CMYK',
  'jpeg YCCK',
  ...orientations.map((value) => `jpeg EXIF orientation ${value}`),
  ...orientations.map((value) => `png eXIf orientation ${value}`),
];

describe.skipIf(!haveOpenCv)(
  `decode: files as cv2.imread reads them${haveOpenCv ? '' : ` (${native ? pythonMissingReason('cv2', 'numpy', 'PIL') : nativeMissingReason})`}`,
  () => {
    let cases: Record<string, ReferenceCase> = {};
    beforeAll(() => {
      const folder = path.join(scratch, 'cv2-cases');
      mkdirSync(folder, { recursive: true });
      const script = path.join(repositoryRoot, 'test/native/images/decode_cases.py');
      cases = JSON.parse(
        execFileSync(process.env.PYTHON ?? 'python3', [script, folder], { encoding: 'utf8' }),
      );
    });

    it.each(readAsCv2)('%s: the same pixels as cv2.imread', async (name) => {
      const item = cases[name];
      const decoded = await decodeImage(item.file, { channels: item.channels });
      expect([decoded.width, decoded.height, decoded.channels]).toEqual([
        item.width,
        item.height,
        item.channels,
      ]);
      const expected = readFileSync(item.raw!);
      expect(Buffer.from(decoded.pixels.bytes).equals(expected)).toBe(true);
      await decoded.pixels.dispose();
    });

    it.skipIf(!fixturesRoot)('a truncated JPEG: the same pixels as cv2.imread', async () => {
      const jpeg = readFileSync(fixture('images/dog.jpg'));
      const file = path.join(scratch, 'truncated-cv2.jpg');
      writeFileSync(file, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
      const raw = path.join(scratch, 'truncated-cv2.rgb');
      runPython(
        'import sys, cv2\n' +
          'image = cv2.imread(sys.argv[1])\n' +
          'open(sys.argv[2], "wb").write(cv2.cvtColor(image, cv2.COLOR_BGR2RGB).tobytes())\n',
        [file, raw],
      );
      const decoded = await decodeImage(file);
      expect(decoded.warning).toMatch(/Premature end of JPEG file/);
      expect(Buffer.from(decoded.pixels.bytes).equals(readFileSync(raw))).toBe(true);
      await decoded.pixels.dispose();
    });

    it('EXIF orientation is reported, and left unapplied when asked (IMREAD_IGNORE_ORIENTATION)', async () => {
      const stored = await decodeImage(cases['jpeg EXIF orientation 1'].file);
      for (const kind of ['jpeg EXIF', 'png eXIf']) {
        const file = cases[`${kind} orientation 6`].file;
        const applied = await decodeImage(file);
        expect([applied.width, applied.height, applied.orientation]).toEqual([30, 50, 6]);
        const ignored = await decodeImage(file, { applyOrientation: false });
        expect([ignored.width, ignored.height, ignored.orientation]).toEqual([50, 30, 6]);
        if (kind === 'png eXIf') {
          const plain = await decodeImage(cases['png eXIf orientation 1'].file);
          expect(Buffer.from(ignored.pixels.bytes).equals(Buffer.from(plain.pixels.bytes))).toBe(
            true,
          );
        }
      }
      expect(stored.orientation).toBe(1);
    });

    it.each(['WebP', 'GIF', 'BMP', 'TIFF'])(
      'a %s file is refused with ERR_DECODE naming the format and how to convert it',
      async (format) => {
        const file = cases[`refused ${format}`].file;
        const error = await decodeImage(file).then(
          () => undefined,
          (caught: Error & { code: string; file?: string }) => caught,
        );
        expect(error?.code).toBe('ERR_DECODE');
        expect(error?.message).toContain(`it is a ${format} image`);
        expect(error?.message).toContain('convert it');
        expect(error?.file).toBe(file);
      },
    );
  },
);

describe.skipIf(native === undefined || fixturesRoot === undefined)(
  'decode: the wild grayscale and CMYK JPEGs (fixtures/wild/image-grayscale-cmyk-jpeg)',
  () => {
    const folder = 'wild/image-grayscale-cmyk-jpeg';
    async function pngPixels(name: string): Promise<Uint8Array> {
      const png = await decodeImage(fixture(`${folder}/${name}`));
      return png.pixels.bytes;
    }

    it("the CMYK JPEG decodes within 1 of the RGB OpenCV's imread returns (CASE.md)", async () => {
      const decoded = await decodeImage(fixture(`${folder}/dog_cmyk.jpg`));
      const expected = await pngPixels('dog_cmyk_as_rgb.png');
      expect(decoded.pixels.byteLength).toBe(expected.length);
      let largest = 0;
      for (let index = 0; index < expected.length; index++) {
        largest = Math.max(largest, Math.abs(decoded.pixels.bytes[index] - expected[index]));
      }
      expect(largest).toBeLessThanOrEqual(1);
    });

    it('the one-channel JPEG decodes to its pixels replicated to RGB, and to them alone as gray', async () => {
      const decoded = await decodeImage(fixture(`${folder}/dog_gray.jpg`));
      const expected = await pngPixels('dog_gray_as_rgb.png');
      expect(Buffer.from(decoded.pixels.bytes).equals(Buffer.from(expected))).toBe(true);
      const gray = await decodeImage(fixture(`${folder}/dog_gray.jpg`), { channels: 1 });
      expect(gray.channels).toBe(1);
      for (let index = 0; index < gray.pixels.byteLength; index++) {
        if (gray.pixels.bytes[index] !== expected[index * 3]) throw new Error(`pixel ${index}`);
      }
    });
  },
);
