import { describe, expect, it } from 'vitest';
import {
  confusionMatrix,
  parseGroundTruth,
  parseResults,
  tideBreakdown,
  type TideRun,
} from '../../../lib/metrics/index.js';

type Box = [number, number, number, number];

/** One image (id 1), categories 1 and 2, ground truth and detections as given. */
function run(truths: Array<[number, Box]>, detections: Array<[number, Box, number]>): TideRun {
  const { groundTruth, results } = scene(truths, detections);
  return tideBreakdown(groundTruth, results.byImage).at50;
}

function scene(truths: Array<[number, Box]>, detections: Array<[number, Box, number]>) {
  const groundTruth = parseGroundTruth({
    images: [{ id: 1 }],
    categories: [
      { id: 1, name: 'cat' },
      { id: 2, name: 'dog' },
    ],
    annotations: truths.map(([category_id, bbox], index) => ({
      id: index + 1,
      image_id: 1,
      category_id,
      bbox,
      area: bbox[2] * bbox[3],
      iscrowd: 0,
    })),
  });
  const results = parseResults(
    detections.map(([category_id, bbox, score]) => ({ image_id: 1, category_id, bbox, score })),
    groundTruth,
  );
  return { groundTruth, results };
}

/** TIDE's AP of one class from its precision at recall x/100, x = 0..100 (Python's left-to-right sum). */
function ap(precisionAt: (recall: number) => number): number {
  let sum = 0;
  for (let bar = 0; bar <= 100; bar++) sum += precisionAt(bar / 100);
  return (sum / 101) * 100;
}

const others = (run: TideRun, type: keyof TideRun['dAP']) =>
  Object.entries(run.dAP).filter(([name]) => name !== type);

describe('TIDE error types, each on a hand-computed scene', () => {
  it('classification: the right box with the wrong class; fixing it gives the class its TP', () => {
    // cat box, one dog detection on it (IoU 1). Before: cat AP 0 (1 GT, no points), dog AP 0
    // (a FP, no GT): mAP 0. Fixed: the detection is a cat TP (AP 100) and dog is empty: mAP 100.
    const result = run([[1, [0, 0, 10, 10]]], [[2, [0, 0, 10, 10], 0.9]]);
    expect(result.counts).toMatchObject({ classification: 1, missed: 0 });
    expect(result.ap).toBe(0);
    expect(result.dAP.classification).toBe(100);
    for (const [, value] of others(result, 'classification')) expect(value).toBe(0);
  });

  it('localization: right class, IoU 1/3 (in [0.1, 0.5]); the fix makes it a TP', () => {
    const result = run([[1, [0, 0, 10, 10]]], [[1, [5, 0, 10, 10], 0.9]]);
    expect(result.counts).toMatchObject({ localization: 1, missed: 0 });
    expect(result.dAP.localization).toBe(100);
    for (const [, value] of others(result, 'localization')) expect(value).toBe(0);
  });

  it('both: wrong class and IoU 1/3; removed by the fix, its box still missed', () => {
    // cat box A, dog box B; a dog detection at IoU 1/3 with A (score 0.9) and a dog TP on B (0.8).
    // dog: [FP, TP], 1 GT -> precision 0.5 at every recall -> AP 50; cat: 1 GT, nothing -> 0.
    const result = run(
      [
        [1, [0, 0, 10, 10]],
        [2, [20, 0, 10, 10]],
      ],
      [
        [2, [5, 0, 10, 10], 0.9],
        [2, [20, 0, 10, 10], 0.8],
      ],
    );
    expect(result.counts).toMatchObject({ both: 1, missed: 1 });
    expect(result.ap).toBe(25);
    expect(result.dAP.both).toBe(25); // dog AP 100
    expect(result.dAP.missed).toBe(25); // cat has no ground truth left: out of the mean
    expect(result.dAP.localization + result.dAP.classification + result.dAP.duplicate).toBe(0);
  });

  it('duplicate: a second detection on a box already matched, before a later TP', () => {
    // Two cat boxes; detections 0.9 on A (TP), 0.8 on A again (duplicate), 0.7 on B (TP).
    // Points [T, F, T], 2 GT: recall 0.5 at precision 1, then 1 at 2/3.
    const result = run(
      [
        [1, [0, 0, 10, 10]],
        [1, [30, 0, 10, 10]],
      ],
      [
        [1, [0, 0, 10, 10], 0.9],
        [1, [0, 0, 10, 10.5], 0.8],
        [1, [30, 0, 10, 10], 0.7],
      ],
    );
    expect(result.counts).toMatchObject({ duplicate: 1, missed: 0 });
    const before = ap((recall) => (recall <= 0.5 ? 1 : 2 / 3));
    expect(result.ap).toBeCloseTo(before, 12);
    expect(result.dAP.duplicate).toBeCloseTo(100 - before, 12);
    for (const [, value] of others(result, 'duplicate')) expect(value).toBe(0);
  });

  it('background: a detection overlapping nothing (IoU <= 0.1) above a TP', () => {
    const result = run(
      [[1, [0, 0, 10, 10]]],
      [
        [1, [50, 50, 10, 10], 0.9],
        [1, [0, 0, 10, 10], 0.8],
      ],
    );
    expect(result.counts).toMatchObject({ background: 1, missed: 0 });
    expect(result.ap).toBe(50);
    expect(result.dAP.background).toBe(50);
    for (const [, value] of others(result, 'background')) expect(value).toBe(0);
  });

  it('missed: a box no detection comes near; fixing it removes it from the ground truth', () => {
    const result = run(
      [
        [1, [0, 0, 10, 10]],
        [1, [30, 0, 10, 10]],
      ],
      [[1, [0, 0, 10, 10], 0.9]],
    );
    expect(result.counts).toMatchObject({ missed: 1, background: 0 });
    const before = ap((recall) => (recall <= 0.5 ? 1 : 0));
    expect(result.ap).toBeCloseTo(before, 12);
    expect(result.dAP.missed).toBeCloseTo(100 - before, 12);
    for (const [, value] of others(result, 'missed')) expect(value).toBe(0);
  });

  it('over 0.5:0.95: IoU 0.6 is a TP up to 0.6 and a localization error above', () => {
    const { groundTruth, results } = scene([[1, [0, 0, 10, 10]]], [[1, [0, 0, 10, 6], 0.9]]);
    const tide = tideBreakdown(groundTruth, results.byImage);
    expect(tide.runs.map((entry) => entry.ap)).toEqual([100, 100, 100, 0, 0, 0, 0, 0, 0, 0]);
    expect(tide.mean.ap).toBe(30);
    expect(tide.mean.dAP.localization).toBe(70);
  });
});

describe("Ultralytics' confusion matrix on a hand-made image", () => {
  it('a wrong class counts as predicted-vs-true; misses and extras in the background row/column', () => {
    const { groundTruth, results } = scene(
      [
        [1, [0, 0, 10, 10]],
        [2, [30, 0, 10, 10]],
        [2, [60, 0, 10, 10]],
      ],
      [
        [1, [0, 0, 10, 10], 0.9], // cat on cat
        [1, [30, 0, 10, 10], 0.8], // cat on dog
        [2, [90, 0, 10, 10], 0.7], // dog on background
        [2, [60, 0, 10, 10], 0.2], // below conf 0.25: the dog box is missed
      ],
    );
    const matrix = confusionMatrix(groundTruth, results.byImage, [1], [1, 2]);
    expect(matrix.names).toEqual(['cat', 'dog', 'background']);
    expect(matrix.counts).toEqual([
      [1, 1, 0],
      [0, 0, 1],
      [0, 1, 0],
    ]);
    expect(matrix.normalized[1][2]).toBeCloseTo(1, 8);
    expect(matrix.normalized[0][1]).toBeCloseTo(0.5, 8);
  });
});
