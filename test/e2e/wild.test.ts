import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native } from '../helpers/native.js';
import { pythonHas, runPython } from '../helpers/python.js';
import { decodeImage } from '../../lib/image/decode.js';

/**
 * Every case of $TRTMAP_FIXTURES/wild/ (inputs modelled on public bug
 * reports) gives the answer its CASE.md states, through the CLI as a user
 * runs it. COCO numbers are pycocotools', computed here on the inputs
 * pycocotools can read (for the BOM case, the same file without the BOM,
 * since Python's json refuses a BOM); VOC numbers are the CASE.md values.
 * Of image-grayscale-cmyk-jpeg, the grayscale JPEG is checked here; the
 * CMYK half belongs to the image decoder's tests (test/native/02-decode.test.ts).
 */
const hasPycocotools = fixturesRoot !== undefined && pythonHas('pycocotools', 'numpy');
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-wild-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const pycocotools = `
import contextlib, io, json, sys
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    e = COCOeval(gt, dt, 'bbox'); e.evaluate(); e.accumulate(); e.summarize()
print(json.dumps([float(v) for v in e.stats]))
`;

function referenceStats(groundTruth: string, results: string): number[] {
  return JSON.parse(runPython(pycocotools, [groundTruth, results])) as number[];
}

interface ScoreJson {
  coco?: { stats: number[] };
  voc?: { mAP: number; perClass: Record<string, { ap: number }> };
  voc07?: { mAP: number };
}

function score(...args: string[]): { json: ScoreJson; stderr: string } {
  const run = trtmap('score', ...args, '--json');
  expect(run.code, run.stderr).toBe(0);
  return { json: JSON.parse(run.stdout) as ScoreJson, stderr: run.stderr };
}

const wild = (relative: string) => fixture(`wild/${relative}`);

describe.skipIf(!fixturesRoot)(
  `the wild cases${fixturesRoot ? '' : ` (${fixturesMissingReason})`}`,
  () => {
    describe('coco-bom-json: byte-order marks in every kind of file', () => {
      it.skipIf(!hasPycocotools)(
        'a COCO json with a BOM scores as pycocotools scores it without',
        () => {
          const expected = referenceStats(
            wild('coco-bom-json/gt_nobom.json'),
            wild('coco-bom-json/results.json'),
          );
          expect(expected[0]).toBe(0.7592409240924092); // CASE.md
          const { json } = score(
            wild('coco-bom-json/gt_bom.json'),
            wild('coco-bom-json/results.json'),
          );
          expect(json.coco!.stats).toEqual(expected);
        },
      );

      it('a BOM in the results json, a VOC xml and a detections text file changes nothing', () => {
        const results = path.join(folder, 'results_bom.json');
        writeFileSync(
          results,
          Buffer.concat([
            Buffer.from([0xef, 0xbb, 0xbf]),
            readFileSync(wild('coco-bom-json/results.json')),
          ]),
        );
        const plain = score(
          wild('coco-bom-json/gt_nobom.json'),
          wild('coco-bom-json/results.json'),
        );
        expect(score(wild('coco-bom-json/gt_bom.json'), results).json).toEqual(plain.json);

        const voc = path.join(folder, 'voc-bom');
        cpSync(wild('voc-empty-difficult'), voc, { recursive: true });
        for (const folder of [voc, path.join(voc, 'Annotations'), path.join(voc, 'dets')])
          chmodSync(folder, 0o755);
        for (const file of ['Annotations/img1.xml', 'dets/img1.txt']) {
          const target = path.join(voc, file);
          chmodSync(target, 0o644); // copied from the read-only fixtures
          writeFileSync(
            target,
            Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(target)]),
          );
        }
        expect(score(voc, path.join(voc, 'dets'), '--metric', 'voc').json.voc!.mAP).toBe(0.5);
      });
    });

    describe('coco-orphan-annotations: one answer and one warning from every metric', () => {
      it.skipIf(!hasPycocotools)('--metric coco ignores annotation 3 as pycocotools does', () => {
        const expected = referenceStats(
          wild('coco-orphan-annotations/gt.json'),
          wild('coco-orphan-annotations/results.json'),
        );
        expect(expected[0]).toBe(0.7184818481848183); // CASE.md
        const { json, stderr } = score(
          wild('coco-orphan-annotations/gt.json'),
          wild('coco-orphan-annotations/results.json'),
          '--metric',
          'coco',
        );
        expect(json.coco!.stats).toEqual(expected);
        expect(stderr).toMatch(
          /^trtmap: warning: annotation 3 \(index 2\) is on image 3, which "images" does not list/,
        );
        expect(stderr.trimEnd().split('\n')).toHaveLength(1); // once, not again after the numbers
      });

      it('--metric voc and all accept it too, ignoring the same annotation (mAP 0.8333)', () => {
        for (const metric of ['voc', 'all']) {
          const { json, stderr } = score(
            wild('coco-orphan-annotations/gt.json'),
            wild('coco-orphan-annotations/results.json'),
            '--metric',
            metric,
          );
          expect(json.voc!.mAP).toBeCloseTo(0.8333, 4);
          expect(stderr.trimEnd().split('\n')).toHaveLength(1);
          expect(stderr).toMatch(/annotation 3 .* image 3/);
        }
      });
    });

    describe('coco-string-image-ids', () => {
      it.skipIf(!hasPycocotools)('string image ids score as pycocotools scores them', () => {
        const expected = referenceStats(
          wild('coco-string-image-ids/gt.json'),
          wild('coco-string-image-ids/results.json'),
        );
        expect(expected[0]).toBe(0.7514851485148513); // CASE.md
        const { json } = score(
          wild('coco-string-image-ids/gt.json'),
          wild('coco-string-image-ids/results.json'),
          '--metric',
          'all',
        );
        expect(json.coco!.stats).toEqual(expected);
        expect(json.voc!.mAP).toBeCloseTo(0.8333, 4);
      });
    });

    describe('darknet-grayscale-channels1', () => {
      it('converts saying the input is one gray channel, or is refused at convert time; never half-way', () => {
        const output = path.join(folder, 'gray.onnx');
        const cfg = wild('darknet-grayscale-channels1/gray-tiny.cfg');
        const weights = wild('darknet-grayscale-channels1/gray-tiny.weights');
        const convert = trtmap('convert', 'darknet', cfg, weights, '-o', output);
        const evaluation = trtmap(
          'eval',
          '--darknet',
          cfg,
          weights,
          '--voc',
          path.join(fixturesRoot!, 'datasets/voc-toy-cat'),
        );
        if (convert.code === 0) {
          expect(convert.stdout).toMatch(/input \[1, 1, 64, 64\] one gray channel/);
          expect(evaluation.stderr).not.toMatch(/ERR_SHAPE/);
          // One class and no names: the mapping it falls back on is said, not silent.
          expect(evaluation.stderr).toContain(
            'trtmap: warning: the model carries no class names (1 classes): class k is taken as COCO category id k + 1 (model class 0 -> dataset person); pass --classes',
          );
        } else {
          expect(convert.code).toBe(2);
          expect(convert.stderr).toMatch(
            /^trtmap: ERR_UNSUPPORTED: .*gray-tiny\.cfg:1: \[net\] channels=1: a grayscale model/,
          );
          expect(evaluation.stderr).toBe(convert.stderr);
        }
      });
    });

    describe('voc-appledouble-files', () => {
      it('hidden ._ files are not annotations: AP 1.0', () => {
        const { json } = score(
          wild('voc-appledouble-files/VOC'),
          wild('voc-appledouble-files/dets'),
          '--metric',
          'voc',
        );
        expect(json.voc!.mAP).toBe(1);
        expect(
          score(
            wild('voc-appledouble-files/VOC'),
            wild('voc-appledouble-files/dets'),
            '--split',
            'test',
          ).json.voc!.mAP,
        ).toBe(1);
      });

      it('eval --split test is not stopped by a file the split does not list', () => {
        const voc = path.join(folder, 'appledouble');
        cpSync(wild('voc-appledouble-files/VOC'), voc, { recursive: true });
        chmodSync(voc, 0o755);
        mkdirSync(path.join(voc, 'JPEGImages'));
        // The model knows COCO's classes, not road damage: the box becomes a dog (the files are the point).
        const xml = path.join(voc, 'Annotations', 'Adachi_000001.xml');
        chmodSync(xml, 0o644); // copied from the read-only fixtures
        writeFileSync(
          xml,
          readFileSync(xml, 'utf8').replace('<name>D00</name>', '<name>dog</name>'),
        );
        cpSync(fixture('images/dog.jpg'), path.join(voc, 'JPEGImages', 'Adachi_000001.jpg'));
        const cfg = fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.cfg');
        const run = trtmap(
          'eval',
          '--darknet',
          cfg,
          fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.weights'),
          '--voc',
          voc,
          '--split',
          'test',
          '--json',
        );
        expect(run.code, run.stderr).toBe(0);
        expect(JSON.parse(run.stdout).images).toBe(1);
      });
    });

    it.skipIf(native === undefined)(
      'image-grayscale-cmyk-jpeg: the one-channel JPEG decodes to the pixels of its RGB copy',
      async () => {
        const gray = await decodeImage(wild('image-grayscale-cmyk-jpeg/dog_gray.jpg'), {
          pinned: false,
        });
        const rgb = await decodeImage(wild('image-grayscale-cmyk-jpeg/dog_gray_as_rgb.png'), {
          pinned: false,
        });
        expect([gray.width, gray.height]).toEqual([rgb.width, rgb.height]);
        expect(Buffer.compare(Buffer.from(gray.pixels.bytes), Buffer.from(rgb.pixels.bytes))).toBe(
          0,
        );
      },
    );

    it('voc-empty-difficult: an empty <difficult/> is not difficult: mAP 0.5', () => {
      for (const metric of ['voc', 'all']) {
        const { json } = score(
          wild('voc-empty-difficult'),
          wild('voc-empty-difficult/dets'),
          '--metric',
          metric,
        );
        expect(json.voc!.mAP).toBe(0.5);
      }
    });

    it('voc-utf16-files: UTF-16 xml and UTF-16 detections score dog AP 1.0', () => {
      for (const dets of ['dets_utf8', 'dets_utf16']) {
        const { json } = score(
          wild('voc-utf16-files/VOC'),
          wild(`voc-utf16-files/${dets}`),
          '--metric',
          'voc',
        );
        expect(json.voc!.perClass.dog.ap).toBe(1);
      }
    });
  },
);
