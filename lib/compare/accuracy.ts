import type { Evaluation } from '../pipeline/evaluate.js';
import type { ClassAccuracy, LegAccuracy } from '../report/result.js';
import { legAnalysis } from './leg-analysis.js';

/** Curves are stored to 1e-6: plenty for a chart, and a fifth of the JSON. */
const round6 = (value: number) => Math.round(value * 1e6) / 1e6;

/**
 * A leg's accuracy for the report: the summary figures, and per class the
 * precision-recall curve at IoU 0.5 taken from pycocotools' `precision`
 * array (T x R x K x A x M, C order) at t = IoU 0.5, area 'all', the largest
 * maxDets: the curve whose mean over the recall thresholds is the class's AP50.
 */
export function legAccuracy(evaluation: Evaluation): LegAccuracy {
  const { scores, run } = evaluation;
  const { cocoAccumulation: accumulation, cocoParams: params } = scores;
  const [, R, K, A, M] = accumulation.counts;
  const t = params.iouThrs.findIndex((threshold) => Math.abs(threshold - 0.5) < 1e-9);
  const a = Math.max(0, params.areaRngLbl.indexOf('all'));
  const m = M - 1;
  const precisionAt = (r: number, k: number) =>
    accumulation.precision[(((Math.max(t, 0) * R + r) * K + k) * A + a) * M + m];

  const vocClass = new Map(scores.voc.classes.map((entry) => [entry.className, entry]));
  const classes: ClassAccuracy[] = [];
  scores.coco.perCategory.forEach((category, k) => {
    if (category.groundTruths === 0) return;
    classes.push({
      id: typeof category.id === 'bigint' ? String(category.id) : category.id,
      name: category.name,
      groundTruths: category.groundTruths,
      ap: category.ap,
      ap50: category.ap50,
      vocAp: vocClass.get(category.name)?.ap ?? null,
      vocGroundTruths: vocClass.get(category.name)?.nGroundTruth,
      curve: Array.from({ length: R }, (_, r) => round6(precisionAt(r, k))),
    });
  });
  return {
    cocoMap: scores.coco.stats[0],
    cocoMap50: scores.coco.stats[1],
    vocMap: scores.voc.mAP,
    images: run.processed,
    skippedImages: run.skipped.length,
    detections: run.detections,
    pipelineImagesPerSecond: run.imagesPerSecond,
    overallCurve: Array.from({ length: R }, (_, r) =>
      round6(meanDefined(K, (k) => precisionAt(r, k))),
    ),
    classes,
    analysis: legAnalysis(evaluation),
  };
}

/** pycocotools' `np.mean(s[s > -1])`: -1 marks a category without ground truth. */
function meanDefined(count: number, value: (index: number) => number): number {
  let sum = 0;
  let defined = 0;
  for (let index = 0; index < count; index++) {
    const item = value(index);
    if (item > -1) {
      sum += item;
      defined++;
    }
  }
  return defined === 0 ? 0 : sum / defined;
}
