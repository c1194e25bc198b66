import { invalidArgument } from '../../errors.js';
import { argsortDescendingStable, numpyMean } from '../numeric.js';
import { vocAveragePrecision } from './average-precision.js';
import {
  type ImageGroundTruth,
  type MatchSettings,
  MatchOutcome,
  matchDetection,
} from './match.js';
import { resolveVocOptions } from './options.js';
import type {
  VocClassResult,
  VocDetection,
  VocGroundTruthBox,
  VocOptions,
  VocResult,
} from './types.js';

interface ClassData {
  images: Map<string, ImageGroundTruth>;
  nGroundTruth: number;
  nDifficult: number;
  detections: VocDetection[];
}

/**
 * Per-class AP and mAP as the VOC devkit computes them: `voc_eval()` of
 * voc_eval.py (or VOCevaldet.m) for each class, then the mean over classes
 * with non-difficult ground truth (the devkit's `np.mean(aps)`).
 *
 * Detections are taken in descending confidence; ties keep input order (a
 * stable sort, as MATLAB's `sort` and Python's `sorted`, which the published
 * Object-Detection-Metrics value reproduces and the reverse order does not).
 * A detection on an image without ground truth of its class is a FP; a class
 * without ground truth gets ap = -1 and stays out of the mean.
 */
export function evaluateVoc(
  groundTruth: readonly VocGroundTruthBox[],
  detections: readonly VocDetection[],
  options: VocOptions = {},
): VocResult {
  const resolved = resolveVocOptions(options);
  const byClass = groupByClass(groundTruth, detections);
  const classes = orderClassNames(byClass, options.classNames ?? []).map((className) =>
    evaluateClass(className, byClass.get(className), resolved),
  );
  const scored = classes.filter((result) => result.nGroundTruth > 0).map((result) => result.ap);
  return {
    mAP: scored.length === 0 ? -1 : numpyMean(scored),
    mode: resolved.mode,
    iouThreshold: resolved.iouThreshold,
    iouComparison: resolved.iouComparison,
    pixelConvention: resolved.pixelConvention,
    classes,
  };
}

function groupByClass(
  groundTruth: readonly VocGroundTruthBox[],
  detections: readonly VocDetection[],
): Map<string, ClassData> {
  const byClass = new Map<string, ClassData>();
  const classData = (className: string): ClassData => {
    let data = byClass.get(className);
    if (data === undefined) {
      data = { images: new Map(), nGroundTruth: 0, nDifficult: 0, detections: [] };
      byClass.set(className, data);
    }
    return data;
  };
  for (const box of groundTruth) {
    const data = classData(box.className);
    let image = data.images.get(box.imageId);
    if (image === undefined) {
      image = { boxes: [], difficult: [], claimed: new Uint8Array(0) };
      data.images.set(box.imageId, image);
    }
    image.boxes.push(box.x1, box.y1, box.x2, box.y2);
    image.difficult.push(box.difficult);
    if (box.difficult) data.nDifficult++;
    else data.nGroundTruth++;
  }
  for (const detection of detections) classData(detection.className).detections.push(detection);
  return byClass;
}

function orderClassNames(byClass: Map<string, ClassData>, first: readonly string[]): string[] {
  const listed = new Set(first);
  const rest = [...byClass.keys()].filter((name) => !listed.has(name));
  // Code-unit order, not localeCompare: the same on every machine and locale.
  rest.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return [...listed, ...rest];
}

/** One call of voc_eval.py's `voc_eval()` for one class. */
function evaluateClass(
  className: string,
  data: ClassData | undefined,
  settings: MatchSettings & { mode: VocResult['mode'] },
): VocClassResult {
  const detections = data?.detections ?? [];
  const nGroundTruth = data?.nGroundTruth ?? 0;
  for (const image of data?.images.values() ?? []) {
    image.claimed = new Uint8Array(image.difficult.length);
  }
  const confidences = new Float64Array(detections.length);
  for (let index = 0; index < detections.length; index++) {
    const confidence = detections[index].confidence;
    // NaN would make the sort order undefined; the devkit's argsort puts it last silently.
    if (typeof confidence !== 'number' || Number.isNaN(confidence)) {
      throw invalidArgument('a number', `the confidence of a ${className} detection`, confidence);
    }
    confidences[index] = confidence;
  }
  const order = argsortDescendingStable(confidences);
  const precision = new Float64Array(detections.length);
  const recall = new Float64Array(detections.length);
  const sortedConfidence = new Float64Array(detections.length);
  const outcomes = new Uint8Array(detections.length);
  let tp = 0;
  let fp = 0;
  for (let rank = 0; rank < order.length; rank++) {
    const detection = detections[order[rank]];
    const { x1, y1, x2, y2 } = detection;
    const image = data?.images.get(detection.imageId);
    const outcome = matchDetection(image, x1, y1, x2, y2, settings);
    sortedConfidence[rank] = confidences[order[rank]];
    outcomes[rank] = outcome;
    if (outcome === MatchOutcome.TruePositive) tp++;
    else if (outcome === MatchOutcome.FalsePositive) fp++;
    recall[rank] = tp / nGroundTruth;
    // voc_eval.py: tp / np.maximum(tp + fp, eps), so a leading ignored detection gives 0, not NaN.
    precision[rank] = tp / Math.max(tp + fp, Number.EPSILON);
  }
  return {
    className,
    ap: nGroundTruth > 0 ? vocAveragePrecision(recall, precision, settings.mode) : -1,
    precision,
    recall,
    confidence: sortedConfidence,
    outcome: outcomes,
    tp,
    fp,
    ignored: detections.length - tp - fp,
    nGroundTruth,
    nDifficult: data?.nDifficult ?? 0,
    nDetections: detections.length,
  };
}
