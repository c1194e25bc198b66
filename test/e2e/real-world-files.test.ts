import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

/**
 * Files and mistakes a new user brought (issue 12's trial report): each
 * either reads right or stops with a message that says what to do, through
 * the built CLI. Variants of the fixtures are written to a temporary folder.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-real-world-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function put(relative: string, content: string | Buffer): string {
  const file = path.join(folder, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return file;
}

/** [width, height] of each voc100 image, in annotation-name order (eval's 1..N image ids). */
function vocSizes(): Map<string, [number, number]> {
  const annotations = fixture('datasets/voc100/Annotations');
  const sizes = new Map<string, [number, number]>();
  for (const name of readdirSync(annotations).sort()) {
    const xml = readFileSync(path.join(annotations, name), 'utf8');
    const width = Number(/<width>\s*(\d+)/.exec(xml)![1]);
    const height = Number(/<height>\s*(\d+)/.exec(xml)![1]);
    sizes.set(name.replace(/\.xml$/, ''), [width, height]);
  }
  return sizes;
}

/** `jpeg` with an EXIF APP1 segment right after SOI whose only tag is Orientation = `orientation`. */
function withOrientation(jpeg: Buffer, orientation: number): Buffer {
  const tiff = Buffer.from([
    ...[0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08], // big-endian TIFF header, IFD at 8
    ...[0x00, 0x01], // one entry
    ...[0x01, 0x12, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, orientation, 0x00, 0x00],
    ...[0x00, 0x00, 0x00, 0x00], // no next IFD
  ]);
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const header = Buffer.from([0xff, 0xe1, (body.length + 2) >> 8, (body.length + 2) & 0xff]);
  return Buffer.concat([jpeg.subarray(0, 2), header, body, jpeg.subarray(2)]);
}

describe.skipIf(!fixturesRoot)(
  `real-world files${fixturesRoot ? '' : ` (${fixturesMissingReason})`}`,
  () => {
    it('an EXIF orientation that swaps the frame against the annotation size: one warning with a count (finding 3)', () => {
      const images = path.join(folder, 'exif-images');
      const source = fixture('datasets/tiny-coco/images');
      mkdirSync(images);
      const names = readdirSync(source).sort();
      for (const [index, name] of names.entries()) {
        const bytes = readFileSync(path.join(source, name));
        writeFileSync(path.join(images, name), index < 2 ? withOrientation(bytes, 6) : bytes);
      }
      const run = trtmap(
        'eval',
        '--onnx',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--coco',
        fixture('datasets/tiny-coco/instances.json'),
        '--images',
        images,
        '--json',
      );
      expect(run.code, run.stderr).toBe(0);
      const warnings = (JSON.parse(run.stdout) as { warnings: string[] }).warnings;
      const frame = warnings.filter((warning) => /decode to another size/.test(warning));
      expect(frame).toHaveLength(1);
      expect(frame[0]).toMatch(
        /^2 of 16 images decode to another size than their annotation gives \(\S+\.jpg: (\d+)x(\d+) in the annotation, \2x\1 decoded\); in 2 of them width and height are swapped, as an EXIF orientation tag does/,
      );
      expect(run.stderr.match(/decode to another size/g)).toHaveLength(1);
    });

    it('swapped arguments and files of the wrong kind: one line saying what to do (finding 9)', () => {
      const onnx = fixture('models/fastestdet/FastestDet.onnx');
      const image = fixture('images/dog.jpg');
      const tflite = fixture(
        'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_quant_detect.tflite',
      );
      const voc = fixture('datasets/voc100/Annotations/2007_000027.xml').replace(
        /\/Annotations\/.*$/,
        '',
      );
      const cocoJson = fixture('datasets/tiny-coco/instances.json');
      const onnxAsEngine = put('onnx-named.engine', readFileSync(onnx));
      mkdirSync(path.join(folder, 'image-folder'), { recursive: true });
      const cases: [string[], RegExp][] = [
        [
          ['detect', image, onnx],
          /the model .*dog\.jpg: is an image, not a model: the arguments look swapped\? trtmap detect <model> <image>/,
        ],
        [
          ['bench', '--onnx', tflite],
          /--onnx .*\.tflite: is a TensorFlow Lite model, not ONNX: convert it first/,
        ],
        [
          ['eval', '--engine', onnx, '--voc', voc],
          /--engine .*FastestDet\.onnx: is an ONNX model, not a TensorRT engine: give it as --onnx/,
        ],
        [
          ['detect', onnxAsEngine, image],
          /the model .*onnx-named\.engine: is an ONNX model, not a TensorRT engine: name it \.onnx/,
        ],
        [
          ['eval', '--onnx', image, '--voc', voc],
          /--onnx .*dog\.jpg: is an image, not a model: --onnx takes the model file/,
        ],
        [
          ['score', fixture('datasets/voc100/detections/txt'), voc],
          /the arguments look swapped: trtmap score <ground-truth> <results>/,
        ],
        [
          ['eval', '--onnx', onnx, '--coco', voc, '--images', voc],
          /--coco .* is a folder, not a COCO annotations \.json: it looks like a VOC folder: give --voc /,
        ],
        [
          ['eval', '--onnx', onnx, '--voc', cocoJson],
          /--voc .*instances\.json is a file, not a VOC folder: for a COCO \.json give --coco .*instances\.json --images/,
        ],
        [
          ['detect', onnx, path.join(folder, 'image-folder')],
          /image-folder is a folder: trtmap detect takes image files; give them, e\.g\. .*image-folder\/\*\.jpg/,
        ],
      ];
      for (const [args, message] of cases) {
        const run = trtmap(...args);
        expect(run.code, args.join(' ')).toBe(2);
        const lines = run.stderr.trim().split('\n');
        expect(lines, args.join(' ')).toHaveLength(1);
        expect(lines[0]).toMatch(/^trtmap: ERR_INVALID_ARGUMENT: /);
        expect(lines[0]).toMatch(message);
      }
    });

    it('results of eval --split scored without --split: a hint naming the split (finding 12)', () => {
      const voc = path.join(folder, 'voc-split');
      cpSync(fixture('datasets/voc100/Annotations'), path.join(voc, 'Annotations'), {
        recursive: true,
      });
      const names = [...vocSizes().keys()];
      put('voc-split/ImageSets/Main/test.txt', names.slice(0, 40).join('\n') + '\n');
      put('voc-split/ImageSets/Main/dog_test.txt', names.map((n) => `${n} 1`).join('\n') + '\n');
      const all = JSON.parse(
        readFileSync(fixture('datasets/voc100/detections/coco_results.json'), 'utf8'),
      ) as { image_id: number }[];
      const results = put(
        'split-results.json',
        JSON.stringify(all.filter((result) => result.image_id <= 40)),
      );
      const without = trtmap('score', voc, results);
      expect(without.code, without.stderr).toBe(0);
      expect(without.stderr).toMatch(
        /^trtmap: warning: the results have detections on \d+ of the folder's 100 images, all of them in ImageSets\/Main\/test\.txt \(40 images\): results of trtmap eval --split test\? Pass --split test/,
      );
      const withSplit = trtmap('score', voc, results, '--split', 'test');
      expect([withSplit.code, withSplit.stderr]).toEqual([0, '']);
      // Results over every image get no hint.
      const whole = trtmap('score', voc, fixture('datasets/voc100/detections/coco_results.json'));
      expect(whole.stderr).toBe('');
    });

    it('a truncated JPEG is decoded as cv2.imread decodes it, with a warning before the numbers (finding 11)', () => {
      const root = path.join(folder, 'voc-truncated');
      const voc100 = fixture('datasets/voc100/Annotations/2007_000027.xml').replace(
        /\/Annotations\/.*$/,
        '',
      );
      const ids = ['2007_000027', '2007_000032', '2007_000033'];
      for (const id of ids) {
        put(
          `voc-truncated/Annotations/${id}.xml`,
          readFileSync(path.join(voc100, 'Annotations', `${id}.xml`)),
        );
        const jpeg = readFileSync(path.join(voc100, 'JPEGImages', `${id}.jpg`));
        put(
          `voc-truncated/JPEGImages/${id}.jpg`,
          id === '2007_000032' ? jpeg.subarray(0, Math.floor(jpeg.length * 0.7)) : jpeg,
        );
      }
      const model = ['--onnx', fixture('models/fastestdet/FastestDet.onnx')];
      const json = trtmap('eval', ...model, '--voc', root, '--json');
      expect(json.code, json.stderr).toBe(0);
      const result = JSON.parse(json.stdout) as {
        images: number;
        skipped: unknown[];
        warnings: string[];
      };
      expect([result.images, result.skipped]).toEqual([3, []]);
      expect(result.warnings.join('\n')).toMatch(
        /^1 of 3 images were damaged and decoded anyway, as cv2\.imread decodes them \(.*2007_000032\.jpg: truncated JPEG \(.*Premature end of JPEG file/m,
      );
      const text = trtmap('eval', ...model, '--voc', root);
      expect(text.code, text.stderr).toBe(0);
      const warning = text.stdout.indexOf('damaged and decoded anyway');
      expect(warning).toBeGreaterThan(-1);
      expect(warning).toBeLessThan(text.stdout.indexOf('Average Precision'));
      expect(text.stderr).not.toMatch(/damaged/); // once: in the text output, not again on stderr
    });

    describe('boxes normalized to 0..1 get a warning naming the cause (finding 2)', () => {
      it('a COCO results .json against a VOC folder', () => {
        const sizes = [...vocSizes().values()];
        const results = JSON.parse(
          readFileSync(fixture('datasets/voc100/detections/coco_results.json'), 'utf8'),
        ) as { image_id: number; bbox: number[] }[];
        for (const result of results) {
          const [width, height] = sizes[result.image_id - 1];
          const [x, y, w, h] = result.bbox;
          result.bbox = [x / width, y / height, w / width, h / height];
        }
        const file = put('normalized.json', JSON.stringify(results));
        const run = trtmap('score', fixture('datasets/voc100'), file);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(
          /^trtmap: warning: \d+ of \d+ detections lie inside \[0, 1\] while the images are in pixels: boxes normalized/,
        );
      });

      it('a folder of per-image .txt detections', () => {
        const detections = fixture('datasets/voc100/detections/txt');
        for (const [name, [width, height]] of vocSizes()) {
          const source = path.join(detections, `${name}.txt`);
          let text: string;
          try {
            text = readFileSync(source, 'utf8');
          } catch {
            continue;
          }
          const lines = text
            .split('\n')
            .filter((line) => line.trim() !== '')
            .map((line) => {
              const [label, score, x1, y1, x2, y2] = line.trim().split(/\s+/);
              const scaled = [Number(x1) / width, Number(y1) / height];
              scaled.push(Number(x2) / width, Number(y2) / height);
              return [label, score, ...scaled.map((v) => v.toFixed(6))].join(' ');
            });
          put(`normalized-txt/${name}.txt`, lines.join('\n') + '\n');
        }
        const run = trtmap(
          'score',
          fixture('datasets/voc100'),
          path.join(folder, 'normalized-txt'),
        );
        expect(run.code, run.stderr).toBe(0);
        expect(run.stderr).toMatch(
          /detections lie inside \[0, 1\] while the ground-truth boxes are in pixels/,
        );
      });
    });
  },
);
