import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  analyzeCoco,
  CocoEvaluator,
  parseGroundTruth,
  parseResults,
  tideBreakdown,
  tideErrorTypes,
  vocFolderToCoco,
} from '../../lib/metrics/index.js';
import { fixture, fixturesRoot } from '../helpers/fixtures.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { seededRandom } from '../helpers/random.js';
import { randomCase, type RandomCase } from './coco/random-dataset.js';

const CASES = Number(process.env.TRTMAP_ANALYSIS_CASES ?? 60);
const hasReferences = pythonHas('pycocotools', 'numpy');
const script = (name: string) =>
  readFileSync(new URL(`./analysis/${name}`, import.meta.url), 'utf8');
const tideNames: Record<string, string> = {
  classification: 'Cls',
  localization: 'Loc',
  both: 'Both',
  duplicate: 'Dupe',
  background: 'Bkg',
  missed: 'Miss',
};

/**
 * The seeded random COCO cases of the pycocotools parity test (crowds, ties
 * in score, >100 detections, gapped ids), with every box moved and resized
 * by a distinct sub-pixel amount (zero sizes kept): exact IoU ties between
 * pairs (copied boxes, boxes inside the same detection) would make the
 * confusion matrix depend on numpy's sort, which is unstable (SIMD) here.
 */
function analysisCase(seed: number): RandomCase & { conf: number } {
  const data = randomCase(seed);
  const random = seededRandom(seed + 100_000);
  const nudge = (box: number[]) => box.map((v, i) => (i < 2 || v > 0 ? v + random() * 1e-3 : v));
  data.gt.annotations.forEach((a) => (a.bbox = nudge(a.bbox as number[])));
  data.dt.forEach((d) => (d.bbox = nudge(d.bbox)));
  return { ...data, conf: [0.25, 0.1, 0.5][seed % 3] };
}

describe.skipIf(!hasReferences)(
  `analysis against pycocotools and numpy transcriptions on ${CASES} seeded cases`,
  () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'trtmap-analysis-parity-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));
    const cases: Array<{ file: string; defaults: string; data: ReturnType<typeof analysisCase> }> =
      [];
    for (let seed = 1; cases.length < CASES; seed++) {
      const data = analysisCase(seed);
      if (data.dt.length === 0) continue; // pycocotools' loadRes cannot read an empty list
      const file = path.join(directory, `case-${seed}.json`);
      const defaults = path.join(directory, `case-${seed}-defaults.json`);
      writeFileSync(file, JSON.stringify({ ...data, analysis: false }));
      writeFileSync(defaults, JSON.stringify({ ...data, params: {} }));
      cases.push({ file, defaults, data });
    }
    const ready = Promise.resolve().then(() => {
      runPython(script('coco_reference.py'), [
        ...cases.map((c) => c.file),
        ...cases.map((c) => c.defaults),
      ]);
      runPython(
        script('tide_reference.py'),
        cases.map((c) => c.defaults),
      );
    });

    it.each(cases.map((c) => [c.data.seed, c] as const))(
      'seed %i: per-class AP, AR per size = pycocotools precision[:, :, k, a, -1]',
      async (_seed, entry) => {
        await ready;
        const { gt, dt, params } = entry.data;
        const evaluator = new CocoEvaluator(parseGroundTruth(gt), params);
        evaluator.addResults(parseResults(dt, evaluator.groundTruth));
        const rows = evaluator.summarize().perCategory;
        const reference = readJson(`${entry.file}.reference.json`).per_class as Array<
          Record<string, number>
        >;
        expect(rows).toHaveLength(reference.length);
        rows.forEach((row, k) => {
          const expected = reference[k];
          const ours: Record<string, number> = {
            ap_all: row.ap,
            ap50: row.ap50,
            ap75: row.ap75,
            ar_all: row.ar100,
            ap_small: row.apBySize.small,
            ap_medium: row.apBySize.medium,
            ap_large: row.apBySize.large,
            ar_small: row.arBySize.small,
            ar_medium: row.arBySize.medium,
            ar_large: row.arBySize.large,
          };
          for (const key of Object.keys(expected)) close(ours[key], expected[key], `${key}[${k}]`);
        });
      },
    );

    it.each(cases.map((c) => [c.data.seed, c] as const))(
      'seed %i: operating points, confusion matrix and TIDE = the numpy transcriptions',
      async (_seed, entry) => {
        await ready;
        const { gt, dt, conf } = entry.data;
        const evaluator = new CocoEvaluator(parseGroundTruth(gt));
        const results = parseResults(dt, evaluator.groundTruth);
        evaluator.addResults(results);
        const analysis = analyzeCoco(evaluator, results.byImage, { conf });
        const reference = readJson(`${entry.defaults}.reference.json`);
        if (reference.operating_points === null)
          expect(analysis.operatingPoints.classes).toEqual([]);
        else checkOperatingPoints(analysis.operatingPoints, reference.operating_points);
        expect(JSON.stringify(analysis.confusion.counts)).toBe(JSON.stringify(reference.confusion));
        checkTide(analysis.tide!.runs, readJson(`${entry.defaults}.tide.json`));
      },
    );
  },
);

describe.skipIf(!hasReferences || !fixturesRoot)('TIDE on the voc100 fixture detections', () => {
  it('equals the transcription at every threshold; the README figures', async () => {
    const groundTruth = await vocFolderToCoco(fixture('datasets/voc100'));
    const detections = readJson(fixture('datasets/voc100/detections/coco_results.json'));
    const results = parseResults(detections, groundTruth);
    const tide = tideBreakdown(groundTruth, results.byImage);
    const directory = mkdtempSync(path.join(tmpdir(), 'trtmap-tide-voc100-'));
    try {
      const file = path.join(directory, 'voc100.json');
      writeFileSync(file, JSON.stringify({ gt: cocoDataset(groundTruth), dt: detections }));
      runPython(script('tide_reference.py'), [file]);
      checkTide(tide.runs, readJson(`${file}.tide.json`));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
    // The figures README.md quotes (TIDE's AP and dAP in points).
    expect(tide.at50.ap.toFixed(2)).toBe('61.00');
    expect(tideErrorTypes.map((type) => tide.at50.dAP[type].toFixed(2))).toEqual([
      '2.46',
      '6.14',
      '4.62',
      '0.00',
      '10.91',
      '7.58',
    ]);
    expect(tideErrorTypes.map((type) => tide.mean.dAP[type].toFixed(2))).toEqual([
      '1.01',
      '32.73',
      '3.18',
      '0.00',
      '5.81',
      '4.70',
    ]);
  });
});

if (!hasReferences) {
  describe('analysis parity', () => {
    it.skip(pythonMissingReason('pycocotools', 'numpy'), () => {});
  });
}

function checkOperatingPoints(
  ours: ReturnType<typeof analyzeCoco>['operatingPoints'],
  reference: Record<string, unknown>,
): void {
  const expected = reference as {
    best_index: number;
    best_conf: number;
    smoothed: number[];
    best_precision: number;
    best_recall: number;
    best_f1: number;
    class_precision: number[];
    class_recall: number[];
    class_f1: number[];
    own_conf: number[];
    own_f1: number[];
    at_conf: number[][];
  };
  ours.classes.forEach((row, c) => {
    const [tp, fp, precision, recall, f1] = expected.at_conf[c];
    expect([row.atConf.truePositives, row.atConf.falsePositives]).toEqual([tp, fp]);
    close(row.atConf.precision, precision, `precision@conf[${c}]`);
    close(row.atConf.recall, recall, `recall@conf[${c}]`);
    close(row.atConf.f1, f1, `f1@conf[${c}]`);
    close(row.ownBest.f1, expected.own_f1[c], `own best F1[${c}]`);
  });
  // The box filter's sums may differ in the last bit from np.convolve's; a
  // different argmax is then only acceptable between equal smoothed values.
  const index = Math.round(ours.best.confidence * 999);
  if (index !== expected.best_index) {
    close(expected.smoothed[index], expected.smoothed[expected.best_index], 'tied best F1');
    return;
  }
  close(ours.best.confidence, expected.best_conf, 'best conf');
  close(ours.best.smoothedF1, expected.smoothed[expected.best_index], 'smoothed best F1');
  close(ours.best.f1, expected.best_f1, 'best F1 (mean of the class F1 there)');
  close(ours.best.precision, expected.best_precision, 'best precision');
  close(ours.best.recall, expected.best_recall, 'best recall');
  ours.classes.forEach((row, c) => {
    close(row.atBest.precision, expected.class_precision[c], `P at best[${c}]`);
    close(row.atBest.recall, expected.class_recall[c], `R at best[${c}]`);
    close(row.atBest.f1, expected.class_f1[c], `F1 at best[${c}]`);
  });
}

function checkTide(
  ours: ReturnType<typeof tideBreakdown>['runs'],
  reference: Array<{
    iou: number;
    ap: number;
    dAP: Record<string, number>;
    counts: Record<string, number>;
  }>,
): void {
  expect(ours).toHaveLength(reference.length);
  ours.forEach((run, index) => {
    const expected = reference[index];
    close(run.ap, expected.ap, `AP@${expected.iou}`);
    for (const type of tideErrorTypes) {
      close(run.dAP[type], expected.dAP[tideNames[type]], `dAP ${type}@${expected.iou}`);
      expect(run.counts[type], `count ${type}@${expected.iou}`).toBe(
        expected.counts[tideNames[type]],
      );
    }
  });
}

function cocoDataset(groundTruth: Awaited<ReturnType<typeof vocFolderToCoco>>): object {
  const a = groundTruth.annotations;
  const annotations = Array.from({ length: a.count }, (_, i) => ({
    id: a.id[i],
    image_id: a.imageId[i],
    category_id: a.categoryId[i],
    bbox: Array.from(a.box.subarray(i * 4, i * 4 + 4)),
    area: a.area[i],
    iscrowd: a.iscrowd[i],
  }));
  return { images: groundTruth.images, categories: groundTruth.categories, annotations };
}

function readJson(file: string) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

function close(actual: number, expected: number, what: string): void {
  if (!(Math.abs(actual - expected) <= 1e-12))
    expect.fail(`${what} = ${actual}, reference ${expected}`);
}
