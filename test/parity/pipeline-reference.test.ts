import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertDarknetFiles } from '../../lib/darknet/index.js';
import type { CocoDetection } from '../../lib/metrics/index.js';
import { type DatasetFiles, evaluate } from '../../lib/pipeline/evaluate.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native } from '../helpers/native.js';
import { pythonHas, pythonMissingReason } from '../helpers/python.js';
import { expectSameDetections, referenceTensors } from '../helpers/reference-tensors.js';

/**
 * Each preset against an independent Python pipeline (pipeline/reference.py:
 * OpenCV, numpy, onnxruntime, pycocotools) following the same contract:
 * fed the very tensors the reference preprocessed, trtmap must give the same
 * detections and COCO stats to 1e-6; preprocessing on its own (the addon's
 * decode and resize), the same COCO mAP within 0.002.
 */
const modules = ['numpy', 'cv2', 'onnx', 'onnxruntime', 'pycocotools'];
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : !pythonHas(...modules)
    ? pythonMissingReason(...modules)
    : undefined;
const here = path.dirname(fileURLToPath(import.meta.url));
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-pipeline-parity-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Reference {
  detections: CocoDetection[];
  stats: number[];
}

/** The reference.py run for one job, in a child process (the event loop stays free meanwhile). */
function runReference(job: Record<string, unknown>): Promise<Reference> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      process.env.PYTHON ?? 'python3',
      [path.join(here, 'pipeline', 'reference.py')],
      { encoding: 'utf8', maxBuffer: 1 << 30 },
      (error, stdout) => {
        if (error) reject(error);
        else resolve(JSON.parse(stdout) as Reference);
      },
    );
    child.stdin!.end(JSON.stringify(job));
  });
}

/**
 * Runs `jobs` with at most `limit` at a time, each starting as soon as a slot
 * is free; returns one promise per job, in order.
 */
function pooled<T>(jobs: (() => Promise<T>)[], limit: number): Promise<T>[] {
  let next = 0;
  const slots: Promise<void>[] = [];
  const results = jobs.map(() => {
    let settle!: { resolve: (value: T) => void; reject: (error: unknown) => void };
    const promise = new Promise<T>((resolve, reject) => (settle = { resolve, reject }));
    promise.catch(() => undefined); // reported by the test that awaits it
    return { promise, settle };
  });
  const worker = async () => {
    while (next < jobs.length) {
      const index = next++;
      await jobs[index]().then(results[index].settle.resolve, results[index].settle.reject);
    }
  };
  for (let k = 0; k < Math.min(limit, jobs.length); k++) slots.push(worker());
  return results.map((entry) => entry.promise);
}

describe.skipIf(skipReason !== undefined)(
  `evaluation pipeline against the Python reference${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const models: Record<'yolo' | 'fastestdet' | 'ssd-mobilenet-v1', string> = {
      yolo: '',
      fastestdet: '',
      'ssd-mobilenet-v1': '',
    };
    const datasets: Record<string, { files: DatasetFiles; job: Record<string, string> }> = {};

    beforeAll(() => {
      const base = 'models/yolo-fastest-1.1/yolo-fastest-1.1';
      models.yolo = path.join(folder, 'yolo-fastest-1.1.onnx');
      writeFileSync(
        models.yolo,
        convertDarknetFiles(fixture(`${base}.cfg`), fixture(`${base}.weights`)).onnx,
      );
      models.fastestdet = fixture('models/fastestdet/FastestDet.onnx');
      models['ssd-mobilenet-v1'] = fixture(
        'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx',
      );
      const annotations = fixture('datasets/tiny-coco/instances.json');
      const images = path.join(fixturesRoot!, 'datasets/tiny-coco/images');
      const root = path.join(fixturesRoot!, 'datasets/voc100');
      datasets['tiny-coco'] = {
        files: { coco: { annotations, images } },
        job: { kind: 'coco', annotations, images },
      };
      datasets.voc100 = { files: { voc: { root } }, job: { kind: 'voc', root } };
    });

    const cases = (['yolo', 'fastestdet', 'ssd-mobilenet-v1'] as const).flatMap((preset) =>
      ['tiny-coco', 'voc100'].map((dataset) => ({ preset, dataset })),
    );
    const tensorsOf = (preset: string, dataset: string) =>
      path.join(folder, `${preset}-${dataset}`);
    let references: Promise<Reference>[] = [];

    beforeAll(() => {
      // Every Python reference starts now, in child processes (two at a time per
      // three cores, leaving room for trtmap's own runs), while the tests run
      // trtmap's side: the tests then wait only for what is not done yet.
      const limit = Math.max(1, Math.floor((availableParallelism() * 2) / 3));
      references = pooled(
        cases.map(
          ({ preset, dataset }) =>
            () =>
              runReference({
                preset,
                model: models[preset],
                dataset: datasets[dataset].job,
                tensors: tensorsOf(preset, dataset),
              }),
        ),
        limit,
      );
    });

    cases.forEach(({ preset, dataset }, index) => {
      // Three full evaluations each (Python reference, same tensors, own preprocessing).
      it(`${preset} on ${dataset}`, async () => {
        const options = {
          model: { onnx: models[preset] },
          dataset: datasets[dataset].files,
          preset,
          backend: 'onnxruntime' as const,
        };
        // trtmap's own preprocessing does not need the reference's tensors: it runs while
        // the reference may still be running.
        const own = native === undefined ? undefined : await evaluate(options);
        const reference = await references[index];

        const same = await evaluate({
          ...options,
          imageStage: () => referenceTensors(tensorsOf(preset, dataset)),
        });
        expectSameDetections(same.scores.results, reference.detections);
        same.scores.coco.stats.forEach((value, k) =>
          expect(Math.abs(value - reference.stats[k]), `stat ${k}`).toBeLessThan(1e-6),
        );

        if (own === undefined) return; // the addon's own preprocessing needs the addon
        // The issue's bound: COCO mAP within 0.002 when each side preprocesses on its own
        // (JPEG decoders and cv2's SIMD rounding differ by a grey level here and there).
        // AP50 is held to the same bound.
        expect(Math.abs(own.scores.coco.stats[0] - reference.stats[0]), 'mAP').toBeLessThan(0.002);
        expect(Math.abs(own.scores.coco.stats[1] - reference.stats[1]), 'AP50').toBeLessThan(0.002);
      }, 300_000);
    });
  },
);
