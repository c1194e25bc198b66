import type { CocoEvaluator } from '../coco/evaluator.js';
import type { CocoDetection, DetectionBatch } from '../coco/results.js';
import type { VocResult } from '../voc/types.js';
import type { CocoClassRow } from './class-table.js';
import { confusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';
import { operatingPoints, type OperatingPoints } from './operating-points.js';
import { cocoOutcomes, vocOutcomes } from './outcomes.js';
import { tideBreakdown, type TideBreakdown } from './tide.js';
import type { CocoId } from '../coco/ids.js';

export interface AnalysisOptions {
  /** Confidence of the operating point and the confusion matrix (Ultralytics' default 0.25). */
  conf?: number;
  /** IoU of the confusion matrix (Ultralytics' default 0.45). */
  confusionIou?: number;
  /** Leave out the TIDE breakdown (the costliest part: ten matchings of every image). */
  tide?: boolean;
  /** Told each stage as it starts, and TIDE's images every tenth: progress for large sets. */
  onProgress?: (message: string) => void;
}

export interface CocoAnalysis {
  /** Per category: the COCO figures of `summarize().perCategory`. */
  classes: CocoClassRow[];
  operatingPoints: OperatingPoints;
  confusion: ConfusionMatrix;
  tide?: TideBreakdown;
}

/**
 * Everything practitioners read off a COCO evaluation beyond the twelve
 * numbers, from the evaluator's own accumulated arrays and matches
 * (per-class table, operating points at IoU 0.5) and from the detections
 * (confusion matrix, TIDE), over the images the evaluator evaluated.
 */
export function analyzeCoco(
  evaluator: CocoEvaluator,
  detectionsByImage: ReadonlyMap<CocoId, DetectionBatch>,
  options: AnalysisOptions = {},
): CocoAnalysis {
  const conf = options.conf ?? 0.25;
  const { params, groundTruth } = evaluator;
  const names = new Map(groundTruth.categories.map((category) => [category.id, category.name]));
  const summary = evaluator.summarize();
  const progress = options.onProgress ?? (() => {});
  progress('operating points');
  const outcomes = cocoOutcomes(params, evaluator.evaluations(), names);
  const points = operatingPoints(outcomes, conf);
  progress('confusion matrix');
  const confusion = confusionMatrix(groundTruth, detectionsByImage, params.imgIds, params.catIds, {
    conf,
    iou: options.confusionIou,
  });
  if (options.tide !== false) progress('TIDE error breakdown (10 IoU thresholds)');
  return {
    classes: summary.perCategory,
    operatingPoints: points,
    confusion,
    tide:
      options.tide === false
        ? undefined
        : tideBreakdown(groundTruth, detectionsByImage, params.imgIds, options.onProgress),
  };
}

export interface VocClassRow {
  name: string;
  ap: number;
  /** Ground truth that counts (the devkit's npos: difficult boxes excluded). */
  groundTruths: number;
  difficult: number;
  detections: number;
  /** At the operating point: detections with confidence > conf. */
  truePositives: number;
  falsePositives: number;
}

export interface VocAnalysis {
  classes: VocClassRow[];
  operatingPoints: OperatingPoints;
}

/**
 * VOC's per-class table with TP/FP at `conf`, and operating points from the
 * devkit's matches, hence at the evaluation's IoU threshold (`--iou`): the
 * same matches as its AP, no second evaluation at 0.5 (Ultralytics' fixed
 * 0.5); `operatingPoints.iou` says which threshold it was.
 */
export function analyzeVoc(result: VocResult, options: AnalysisOptions = {}): VocAnalysis {
  const conf = options.conf ?? 0.25;
  const classes = result.classes.map((entry): VocClassRow => {
    let truePositives = 0;
    let falsePositives = 0;
    for (let rank = 0; rank < entry.confidence.length && entry.confidence[rank] > conf; rank++) {
      if (entry.outcome[rank] === 1) truePositives++;
      else if (entry.outcome[rank] === 0) falsePositives++;
    }
    return {
      name: entry.className,
      ap: entry.ap,
      groundTruths: entry.nGroundTruth,
      difficult: entry.nDifficult,
      detections: entry.nDetections,
      truePositives,
      falsePositives,
    };
  });
  return {
    classes,
    operatingPoints: operatingPoints(vocOutcomes(result), conf, result.iouThreshold),
  };
}

/** COCO results grouped by image, each image's in list order (as `loadRes` indexes them). */
export function detectionsByImage(results: readonly CocoDetection[]): Map<CocoId, DetectionBatch> {
  const counts = new Map<CocoId, number>();
  for (const result of results) counts.set(result.image_id, (counts.get(result.image_id) ?? 0) + 1);
  const batches = new Map<
    CocoId,
    { count: number; categoryId: CocoId[]; score: Float64Array; box: Float64Array }
  >();
  for (const [imageId, count] of counts) {
    batches.set(imageId, {
      count: 0,
      categoryId: new Array<CocoId>(count),
      score: new Float64Array(count),
      box: new Float64Array(count * 4),
    });
  }
  for (const result of results) {
    const batch = batches.get(result.image_id)!;
    const slot = batch.count++;
    batch.categoryId[slot] = result.category_id;
    batch.score[slot] = result.score;
    for (let axis = 0; axis < 4; axis++) batch.box[slot * 4 + axis] = result.bbox[axis];
  }
  return batches;
}
