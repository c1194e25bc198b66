import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * `trtmap eval` on the fixture models and datasets with ONNX Runtime (CPU):
 * every preset on tiny-coco and voc100, unreadable images, and the errors a
 * user meets first. The numbers themselves are checked against the Python
 * reference pipeline in test/parity/pipeline-reference.test.ts.
 */
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-eval-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface EvalJson {
  coco: { stats: number[] };
  voc: { mAP: number; mode: string };
  images: number;
  skipped: { image: string; error: string }[];
  detections: number;
  imagesPerSecond: number;
  backend: string;
  preset: string;
}

function evalJson(...args: string[]): EvalJson {
  const run = trtmap('eval', ...args, '--json');
  expect(run.stderr + run.stdout, 'exit code').not.toMatch(/internal error/);
  expect(run.code, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as EvalJson;
}

describe.skipIf(skipReason !== undefined)(
  `trtmap eval on the fixtures${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const models: Record<string, string[]> = {};
    const datasets: Record<string, string[]> = {};

    beforeAll(() => {
      // Yolo-Fastest converted by trtmap once per run; eval reads the decoder metadata back from the file.
      const yolo = path.join(folder, 'yolo-fastest-1.1.onnx');
      const cfg = fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.cfg');
      const convert = trtmap(
        'convert',
        'darknet',
        cfg,
        fixture('models/yolo-fastest-1.1/yolo-fastest-1.1.weights'),
        '-o',
        yolo,
      );
      expect(convert.code, convert.stderr).toBe(0);
      models.yolo = ['--onnx', yolo];
      models.fastestdet = ['--onnx', fixture('models/fastestdet/FastestDet.onnx')];
      models['ssd-mobilenet-v1'] = [
        '--onnx',
        fixture('models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx'),
      ];
      const tinyCoco = path.join(fixturesRoot!, 'datasets/tiny-coco');
      datasets['tiny-coco'] = [
        '--coco',
        fixture('datasets/tiny-coco/instances.json'),
        '--images',
        path.join(tinyCoco, 'images'),
      ];
      datasets.voc100 = ['--voc', path.join(fixturesRoot!, 'datasets/voc100')];
    });

    // Floors well below what each preset scores (see BENCHMARKS.md / the parity test), to catch a broken contract.
    const floors: Record<string, { coco: number; voc: number }> = {
      'yolo tiny-coco': { coco: 0.05, voc: 0.1 },
      'yolo voc100': { coco: 0.15, voc: 0.45 },
      'fastestdet tiny-coco': { coco: 0.07, voc: 0.15 },
      'fastestdet voc100': { coco: 0.2, voc: 0.45 },
      'ssd-mobilenet-v1 tiny-coco': { coco: 0.07, voc: 0.15 },
      'ssd-mobilenet-v1 voc100': { coco: 0.25, voc: 0.55 },
    };

    for (const preset of ['yolo', 'fastestdet', 'ssd-mobilenet-v1']) {
      for (const dataset of ['tiny-coco', 'voc100']) {
        it(`${preset} on ${dataset}`, () => {
          const result = evalJson(...models[preset], ...datasets[dataset], '--preset', preset);
          expect(result.images).toBe(dataset === 'voc100' ? 100 : 16);
          expect(result.skipped).toEqual([]);
          expect(result.backend).toMatch(/^ONNX Runtime/);
          expect(result.preset).toBe(preset);
          expect(result.coco.stats).toHaveLength(12);
          expect(result.voc.mode).toBe('all-point');
          expect(result.detections).toBeGreaterThan(0);
          expect(result.detections).toBeLessThanOrEqual(100 * result.images);
          expect(result.coco.stats[0]).toBeGreaterThan(floors[`${preset} ${dataset}`].coco);
          expect(result.voc.mAP).toBeGreaterThan(floors[`${preset} ${dataset}`].voc);
          expect(result.imagesPerSecond).toBeGreaterThan(0);
        });
      }
    }

    it('guesses the preset, says which backend it used, prints the tables and writes results that `trtmap score` agrees with', () => {
      const results = path.join(folder, 'results.json');
      const run = trtmap(
        'eval',
        ...models.fastestdet,
        ...datasets['tiny-coco'],
        '--results',
        results,
      );
      expect(run.code, run.stderr).toBe(0);
      // Without TensorRT: one short line (trtmap doctor has the details).
      expect(run.stderr).toMatch(
        /^trtmap: TensorRT is not available here \(ERR_TENSORRT_NOT_FOUND; `trtmap doctor` says why and what to install\); using ONNX Runtime [\d.]+ \(CPU\)$/m,
      );
      expect(run.stderr.split('\n').filter((line) => /tensorrt/i.test(line))).toHaveLength(1);
      expect(run.stderr).toMatch(/preset fastestdet/);
      expect(run.stdout).toMatch(
        /Average Precision {2}\(AP\) @\[ IoU=0.50:0.95 \| area= {3}all \| maxDets=100 \] = 0\.\d{3}/,
      );
      expect(run.stdout).toMatch(/VOC all-point \(VOC2010\+\) mAP@0.5 = 0\.\d{4}/);
      expect(run.stdout).toMatch(/^person +\d+ /m);
      expect(run.stdout).toMatch(/^inference +\d+\.\d+$/m);
      const evaluated = run.stdout.split('\n').slice(0, 12);
      const scored = trtmap('score', fixture('datasets/tiny-coco/instances.json'), results);
      expect(scored.stdout.split('\n').slice(0, 12)).toEqual(evaluated);
      const detections = JSON.parse(readFileSync(results, 'utf8')) as { bbox: number[] }[];
      expect(detections.some((entry) => entry.bbox.some((value) => !Number.isInteger(value)))).toBe(
        true,
      );
    });

    it('--limit and --shard evaluate a subset', () => {
      expect(evalJson(...models.fastestdet, ...datasets.voc100, '--limit', '7').images).toBe(7);
      expect(evalJson(...models.fastestdet, ...datasets.voc100, '--shard', '1/4').images).toBe(25);
    });

    it('skips and counts a corrupt image, and stops on it with --strict', () => {
      const root = path.join(folder, 'voc-corrupt');
      mkdirSync(path.join(root, 'Annotations'), { recursive: true });
      mkdirSync(path.join(root, 'JPEGImages'));
      const voc100 = path.join(fixturesRoot!, 'datasets/voc100');
      for (const id of ['2007_000027', '2007_000032', '2007_000033']) {
        copyFileSync(
          path.join(voc100, 'Annotations', `${id}.xml`),
          path.join(root, 'Annotations', `${id}.xml`),
        );
        copyFileSync(
          path.join(voc100, 'JPEGImages', `${id}.jpg`),
          path.join(root, 'JPEGImages', `${id}.jpg`),
        );
      }
      const broken = readFileSync(path.join(voc100, 'JPEGImages', '2007_000032.jpg')).subarray(
        0,
        300,
      );
      writeFileSync(path.join(root, 'JPEGImages', '2007_000032.jpg'), broken);

      const result = evalJson(...models.fastestdet, '--voc', root);
      expect(result.images).toBe(2);
      expect(result.skipped).toHaveLength(1);
      expect(result.skipped[0].image).toMatch(/2007_000032\.jpg$/);

      const text = trtmap('eval', ...models.fastestdet, '--voc', root);
      expect(text.code).toBe(0);
      expect(text.stderr).toMatch(/skipped: ERR_DECODE: .*2007_000032\.jpg/);
      expect(text.stdout).toMatch(/skipped 1 unreadable image/);
      // Said before the numbers, as the validity warnings are.
      expect(text.stdout.indexOf('skipped 1')).toBeLessThan(
        text.stdout.indexOf('Average Precision'),
      );

      const strict = trtmap('eval', ...models.fastestdet, '--voc', root, '--strict');
      expect(strict.code).toBe(2);
      expect(strict.stderr).toMatch(/^trtmap: ERR_DECODE: .*2007_000032\.jpg/m);
    });

    it('a missing image folder is a clear error', () => {
      const run = trtmap(
        'eval',
        ...models.fastestdet,
        '--coco',
        fixture('datasets/tiny-coco/instances.json'),
        '--images',
        path.join(folder, 'nowhere'),
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^trtmap: ERR_DATASET: the image folder \(--images\) .*nowhere does not exist/,
      );
    });

    it('a model whose outputs do not fit the preset is a clear error', () => {
      const run = trtmap(
        'eval',
        ...models.fastestdet,
        ...datasets.voc100,
        '--preset',
        'ssd-mobilenet-v1',
      );
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^trtmap: ERR_SHAPE: preset ssd-mobilenet-v1: the ssd family needs outputs for boxes, scores, and .*FastestDet\.onnx has 758 \[1, 85, 22, 22\]; name them with --outputs/,
      );
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('--batch larger than a fixed model batch is a clear error', () => {
      const run = trtmap('eval', ...models.fastestdet, ...datasets.voc100, '--batch', '4');
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/ERR_SHAPE: .*fixed batch of 1/);
    });
  },
);
