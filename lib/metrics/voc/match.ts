import type { VocIouComparison, VocPixelConvention } from './types.js';

/** The ground truth of one class in one image (a row of voc_eval.py's `class_recs`). */
export interface ImageGroundTruth {
  /** x1, y1, x2, y2 per box. */
  boxes: number[];
  difficult: boolean[];
  /** voc_eval.py's `R['det']`: set once a box has been claimed by a detection. */
  claimed: Uint8Array;
}

export interface MatchSettings {
  iouThreshold: number;
  iouComparison: VocIouComparison;
  pixelConvention: VocPixelConvention;
}

export const MatchOutcome = {
  FalsePositive: 0,
  TruePositive: 1,
  /** Best overlap is a difficult box: neither TP nor FP. */
  Ignored: 2,
} as const;
export type MatchOutcome = (typeof MatchOutcome)[keyof typeof MatchOutcome];

/**
 * Assigns one detection, as the loop body of VOCevaldet.m / voc_eval.py does:
 * the best-overlap box is chosen among all of the image's boxes of the class,
 * difficult ones included (first one wins a tie: `ov > ovmax`); if its IoU
 * passes the threshold, a difficult box makes the detection ignored, an
 * unclaimed box makes it a TP (and claims the box), a claimed box a FP.
 *
 * Only boxes that intersect the detection are candidates (VOCevaldet.m's
 * `if iw>0 & ih>0`); voc_eval.py's overlap of 0 for the others differs only at
 * a threshold of 0 with '>=', where this counts a disjoint detection as a FP.
 */
export function matchDetection(
  image: ImageGroundTruth | undefined,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  settings: MatchSettings,
): MatchOutcome {
  if (image === undefined) return MatchOutcome.FalsePositive;
  const one = settings.pixelConvention === '+1' ? 1 : 0;
  const boxes = image.boxes;
  let bestOverlap = -Infinity;
  let best = -1;
  for (let box = 0; box < image.difficult.length; box++) {
    const gx1 = boxes[4 * box];
    const gy1 = boxes[4 * box + 1];
    const gx2 = boxes[4 * box + 2];
    const gy2 = boxes[4 * box + 3];
    // Same operations in the same order as the devkit, so the IoU is bit-equal.
    const width = Math.min(gx2, x2) - Math.max(gx1, x1) + one;
    const height = Math.min(gy2, y2) - Math.max(gy1, y1) + one;
    if (!(width > 0 && height > 0)) continue;
    const intersection = width * height;
    const union =
      (x2 - x1 + one) * (y2 - y1 + one) + (gx2 - gx1 + one) * (gy2 - gy1 + one) - intersection;
    const overlap = intersection / union;
    if (overlap > bestOverlap) {
      bestOverlap = overlap;
      best = box;
    }
  }
  const passes =
    settings.iouComparison === '>='
      ? bestOverlap >= settings.iouThreshold
      : bestOverlap > settings.iouThreshold;
  if (!passes) return MatchOutcome.FalsePositive;
  if (image.difficult[best]) return MatchOutcome.Ignored;
  if (image.claimed[best]) return MatchOutcome.FalsePositive;
  image.claimed[best] = 1;
  return MatchOutcome.TruePositive;
}
