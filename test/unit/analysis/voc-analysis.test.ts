import { describe, expect, it } from 'vitest';
import { analyzeVoc, formatOperatingPoints } from '../../../lib/metrics/analysis/index.js';
import { evaluateVoc } from '../../../lib/metrics/index.js';
import type { VocDetection, VocGroundTruthBox } from '../../../lib/metrics/voc/types.js';

/** One image, one 'cat' box 0..100; a detection shifted by 20 px (IoU 80/120 = 0.667 continuous). */
const truth: VocGroundTruthBox[] = [
  { imageId: 'a', className: 'cat', x1: 0, y1: 0, x2: 100, y2: 100, difficult: false },
];
const shifted: VocDetection[] = [
  { imageId: 'a', className: 'cat', confidence: 0.9, x1: 20, y1: 0, x2: 120, y2: 100 },
];

describe('VOC analysis', () => {
  it('operating points are labelled with the IoU the devkit matched at (--iou), not a fixed 0.5', () => {
    const at = (iouThreshold: number) =>
      analyzeVoc(evaluateVoc(truth, shifted, { iouThreshold, pixelConvention: 'continuous' }))
        .operatingPoints;
    expect(at(0.5)).toMatchObject({ iou: 0.5, atConf: { truePositives: 1, falsePositives: 0 } });
    const strict = at(0.75);
    expect(strict).toMatchObject({ iou: 0.75, atConf: { truePositives: 0, falsePositives: 1 } });
    expect(formatOperatingPoints(strict)).toMatch(/^Operating point at conf > 0\.25 \(IoU 0\.75;/);
  });
});

describe('VOC analysis class ids', () => {
  it('are 1-based in class order, as the COCO categories of the same classes', () => {
    const points = analyzeVoc(
      evaluateVoc(truth, shifted, { classNames: ['aeroplane', 'cat'] }),
    ).operatingPoints;
    // aeroplane has no ground truth: only cat is listed, with its 1-based id 2.
    expect(points.classes.map((row) => [row.name, row.id])).toEqual([['cat', 2]]);
  });
});
