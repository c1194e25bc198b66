import { describe, expect, it } from 'vitest';
import {
  allPointAveragePrecision,
  elevenPointAveragePrecision,
  evaluateVoc,
} from '../../../lib/metrics/voc/index.js';
import { det, gt } from './make.js';

describe('11-point versus all-point AP', () => {
  // 3 ground-truth boxes; detections by confidence: TP, FP, TP, FP.
  // recall    1/3 1/3 2/3 2/3
  // precision  1  1/2 2/3 1/2
  // all-point: envelope 1 up to recall 1/3, 2/3 up to 2/3, then 0:
  //   1/3 * 1 + 1/3 * 2/3 = 5/9
  // 11-point: t = 0, .1, .2, .3 -> 1; t = .4, .5, .6 -> 2/3; t >= .7 -> 0:
  //   (4 + 3 * 2/3) / 11 = 6/11
  const boxes = [
    gt('a', 'cat', [0, 0, 9, 9]),
    gt('b', 'cat', [0, 0, 9, 9]),
    gt('c', 'cat', [0, 0, 9, 9]),
  ];
  const detections = [
    det('a', 'cat', 0.9, [0, 0, 9, 9]),
    det('a', 'cat', 0.8, [50, 50, 59, 59]),
    det('b', 'cat', 0.7, [0, 0, 9, 9]),
    det('b', 'cat', 0.6, [50, 50, 59, 59]),
  ];

  it('hand-computed example: all-point 5/9, 11-point 6/11', () => {
    const allPoint = evaluateVoc(boxes, detections);
    const elevenPoint = evaluateVoc(boxes, detections, { mode: '11-point' });
    expect(allPoint.mode).toBe('all-point');
    expect(allPoint.mAP).toBeCloseTo(5 / 9, 15);
    expect(elevenPoint.mAP).toBeCloseTo(6 / 11, 15);
    expect(Array.from(allPoint.classes[0].recall)).toEqual([1 / 3, 1 / 3, 2 / 3, 2 / 3]);
    expect(Array.from(allPoint.classes[0].precision)).toEqual([1, 1 / 2, 2 / 3, 1 / 2]);
  });

  it('a recall of exactly 3/10 does not reach the 11-point threshold 3 * 0.1', () => {
    // np.arange(0., 1.1, 0.1)[3] is 0.30000000000000004 > 0.3 == 3 / 10.
    const recall = Float64Array.from([0.1, 0.2, 3 / 10]);
    const precision = Float64Array.from([1, 1, 1]);
    expect(elevenPointAveragePrecision(recall, precision)).toBe(3 / 11);
    expect(allPointAveragePrecision(recall, precision)).toBeCloseTo(0.3, 15);
  });

  it('empty curves give 0 in both modes', () => {
    const empty = new Float64Array(0);
    expect(allPointAveragePrecision(empty, empty)).toBe(0);
    expect(elevenPointAveragePrecision(empty, empty)).toBe(0);
  });
});
