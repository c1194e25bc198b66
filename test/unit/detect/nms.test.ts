import { describe, expect, it } from 'vitest';
import {
  Candidates,
  boxDiou,
  boxIou,
  nonMaximumSuppression,
  orderByScore,
} from '../../../lib/detect/index.js';

function candidates(rows: [number, number, number, number, number, number][]): Candidates {
  const list = new Candidates();
  for (const row of rows) list.push(...row);
  return list;
}

describe('boxIou', () => {
  it('is intersection over union in continuous coordinates', () => {
    // [0,0,2,2] and [1,1,3,3]: intersection 1, union 4 + 4 - 1 = 7.
    expect(boxIou([0, 0, 2, 2], 0, [1, 1, 3, 3], 0)).toBeCloseTo(1 / 7, 15);
  });
  it('is 0 for touching, disjoint or empty boxes', () => {
    expect(boxIou([0, 0, 1, 1], 0, [1, 0, 2, 1], 0)).toBe(0);
    expect(boxIou([0, 0, 1, 1], 0, [5, 5, 6, 6], 0)).toBe(0);
    expect(boxIou([0, 0, 0, 0], 0, [0, 0, 0, 0], 0)).toBe(0);
  });
});

describe('boxDiou (darknet box_diounms)', () => {
  it('subtracts (d^2 / c^2)^beta', () => {
    // [0,0,2,2] and [1,1,3,3]: IoU 1/7, centres (1,1) and (2,2): d^2 = 2;
    // enclosing box [0,0,3,3]: c^2 = 18.
    const boxes = [0, 0, 2, 2, 1, 1, 3, 3];
    expect(boxDiou(boxes, 0, 4, 0.6)).toBeCloseTo(1 / 7 - Math.pow(2 / 18, 0.6), 15);
    expect(boxDiou(boxes, 0, 4, 1)).toBeCloseTo(1 / 7 - 2 / 18, 15);
  });
  it('is the IoU for identical boxes (d = 0)', () => {
    expect(boxDiou([0, 0, 2, 2, 0, 0, 2, 2], 0, 4, 0.6)).toBe(1);
  });
});

describe('nonMaximumSuppression', () => {
  const overlapping: [number, number, number, number, number, number][] = [
    [0, 0, 10, 10, 0.5, 1],
    [1, 0, 11, 10, 0.9, 1], // IoU with the first: 90 / 110 = 0.818
    [1, 0, 11, 10, 0.8, 2], // same box, other category: never suppressed by category 1
    [50, 50, 60, 60, 0.7, 1],
  ];

  it('keeps the best box of each overlapping group per category, best first', () => {
    const kept = nonMaximumSuppression(candidates(overlapping), { kind: 'iou', iouThreshold: 0.5 });
    expect(kept.count).toBe(3);
    expect(Array.from(kept.scores)).toEqual([0.9, 0.8, 0.7]);
    expect(Array.from(kept.categories)).toEqual([1, 2, 1]);
    expect(Array.from(kept.boxes.subarray(0, 4))).toEqual([1, 0, 11, 10]);
  });

  it('suppresses only when IoU exceeds the threshold (IoU == t survives)', () => {
    // [0,0,2,1] and [1,0,3,1]: IoU exactly 1/3.
    const list = candidates([
      [0, 0, 2, 1, 0.9, 0],
      [1, 0, 3, 1, 0.8, 0],
    ]);
    expect(nonMaximumSuppression(list, { kind: 'iou', iouThreshold: 1 / 3 }).count).toBe(2);
    expect(nonMaximumSuppression(list, { kind: 'iou', iouThreshold: 0.33 }).count).toBe(1);
  });

  it('keeps the earlier of two candidates with equal scores', () => {
    const list = candidates([
      [0, 0, 10, 10, 0.6, 0],
      [0, 0, 10, 11, 0.6, 0],
    ]);
    const kept = nonMaximumSuppression(list, { kind: 'iou', iouThreshold: 0.5 });
    expect(kept.count).toBe(1);
    expect(kept.boxes[3]).toBe(10);
  });

  it('a suppressed box does not suppress others (greedy)', () => {
    // B overlaps A and C; A suppresses B; C survives although B would have suppressed it.
    const list = candidates([
      [0, 0, 10, 10, 0.9, 0],
      [4, 0, 14, 10, 0.8, 0],
      [8, 0, 18, 10, 0.7, 0],
    ]);
    expect(nonMaximumSuppression(list, { kind: 'iou', iouThreshold: 0.3 }).count).toBe(2);
  });

  it('caps per category and in total', () => {
    const rows = Array.from({ length: 10 }, (_, i) => [
      i * 20,
      0,
      i * 20 + 10,
      10,
      1 - i / 100,
      i % 2,
    ]);
    const list = candidates(rows as [number, number, number, number, number, number][]);
    const perCategory = nonMaximumSuppression(list, {
      kind: 'iou',
      iouThreshold: 0.5,
      maxPerCategory: 2,
    });
    expect(Array.from(perCategory.categories)).toEqual([0, 1, 0, 1]);
    expect(
      nonMaximumSuppression(list, { kind: 'iou', iouThreshold: 0.5, maxDetections: 3 }).count,
    ).toBe(3);
  });

  it('DIoU keeps boxes whose centres are far apart although IoU exceeds t', () => {
    // IoU 0.818 > 0.45 but (d^2/c^2)^0.6 = (1/(121+100))^0.6 is small: still suppressed;
    // two boxes with IoU 0.5 and distant centres: DIoU below 0.45 keeps both.
    const list = candidates([
      [0, 0, 10, 10, 0.9, 0],
      [0, 0, 10, 20, 0.8, 0], // IoU 0.5, centres 5 apart, c^2 = 100 + 400
    ]);
    expect(nonMaximumSuppression(list, { kind: 'iou', iouThreshold: 0.45 }).count).toBe(1);
    const diou = 0.5 - Math.pow(25 / 500, 0.6);
    expect(diou).toBeLessThan(0.45);
    expect(nonMaximumSuppression(list, { kind: 'diou', beta: 0.6, iouThreshold: 0.45 }).count).toBe(
      2,
    );
  });

  it('measures DIoU in the units given (darknet: relative to the image)', () => {
    const list = candidates([
      [0, 0, 10, 10, 0.9, 0],
      [0, 0, 10, 20, 0.8, 0],
    ]);
    // Scaling x only changes d^2/c^2: (25/100) / (100/100 + 400/10000 ... computed below).
    const sx = 0.01;
    const c = (10 * sx) ** 2 + 20 ** 2;
    const expected = 0.5 - Math.pow(25 / c, 0.6);
    expect(boxDiou([0, 0, 10 * sx, 10, 0, 0, 10 * sx, 20], 0, 4, 0.6)).toBeCloseTo(expected, 12);
    const kept = nonMaximumSuppression(list, {
      kind: 'diou',
      beta: 0.6,
      iouThreshold: 0.45,
      diouScaleX: sx,
    });
    expect(kept.count).toBe(expected > 0.45 ? 1 : 2);
  });
});

describe('orderByScore', () => {
  it('is a stable descending sort (ties in candidate order), also when cut short', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const list = new Candidates();
    for (let i = 0; i < 1000; i++) list.push(0, 0, 1, 1, Math.round(random() * 50) / 50, 0);
    const expected = Array.from({ length: 1000 }, (_, i) => i).sort(
      (a, b) => list.scores[b] - list.scores[a] || a - b,
    );
    expect(Array.from(orderByScore(list))).toEqual(expected);
    expect(Array.from(orderByScore(list, 10))).toEqual(expected.slice(0, 10));
  });
});
