import type { CocoAccumulation } from '../coco/accumulate.js';
import type { CocoParams } from '../coco/params.js';

export interface PrCurves {
  /** pycocotools' recall thresholds (recThrs). */
  recall: number[];
  /** Mean over the classes with ground truth at each recall threshold: its mean is mAP@0.5. */
  overall: number[];
  /** Per category position (params.catIds): interpolated precision, -1 without ground truth. */
  classes: number[][];
}

/**
 * The precision-recall curves at IoU 0.5 (area 'all', the largest maxDets)
 * from pycocotools' `precision` array (T x R x K x A x M): the curve whose
 * mean over the recall thresholds is the class's AP50.
 */
export function prCurvesAt50(params: CocoParams, accumulation: CocoAccumulation): PrCurves {
  const [, R, K, A, M] = accumulation.counts;
  const t = params.iouThrs.findIndex((threshold) => Math.abs(threshold - 0.5) < 1e-12);
  const a = Math.max(0, params.areaRngLbl.indexOf('all'));
  const at = (r: number, k: number) =>
    t < 0 ? -1 : accumulation.precision[(((t * R + r) * K + k) * A + a) * M + M - 1];
  const classes = Array.from({ length: K }, (_, k) =>
    Array.from({ length: R }, (_, r) => at(r, k)),
  );
  const overall = Array.from({ length: R }, (_, r) => {
    let sum = 0;
    let defined = 0;
    for (let k = 0; k < K; k++) {
      if (classes[k][r] > -1) {
        sum += classes[k][r];
        defined++;
      }
    }
    return defined === 0 ? 0 : sum / defined;
  });
  return { recall: Array.from(params.recThrs), overall, classes };
}
