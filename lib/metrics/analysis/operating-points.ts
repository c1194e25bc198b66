import { linspace } from '../numeric.js';
import type { ClassOutcomes } from './outcomes.js';
import type { CocoId } from '../coco/ids.js';

/** Ultralytics' `eps` in `ap_per_class` (recall and F1 denominators). */
const EPS = 1e-16;
/** Ultralytics' confidence grid: np.linspace(0, 1, 1000). */
const GRID = 1000;

export interface ClassOperatingPoint {
  id: CocoId;
  name: string;
  groundTruths: number;
  /** Exact counts at the user's confidence: detections with score > conf. */
  atConf: PrecisionRecall & { truePositives: number; falsePositives: number };
  /** The curves at the overall best-F1 confidence (Ultralytics' per-class P, R, F1). */
  atBest: PrecisionRecall;
  /** The confidence that maximizes this class's own F1 curve, and the curves there. */
  ownBest: PrecisionRecall & { confidence: number };
}

export interface PrecisionRecall {
  precision: number;
  recall: number;
  f1: number;
}

export interface OperatingPoints {
  /**
   * The IoU at which detections were matched: 0.5 for COCO (pycocotools'
   * matches at t = 0.5), the VOC evaluation's own threshold (`--iou`) for VOC.
   */
  iou: number;
  conf: number;
  /** At `conf`: means over classes with ground truth, and the pooled counts. */
  atConf: PrecisionRecall & {
    truePositives: number;
    falsePositives: number;
    falseNegatives: number;
  };
  /**
   * Ultralytics' best-F1 point (`ap_per_class`): the confidence is the argmax
   * of the box-smoothed mean F1 curve; precision, recall and F1 are the means
   * over classes of each class's unsmoothed curves at that confidence (as
   * Ultralytics reports p, r, f1 = p_curve[:, i], r_curve[:, i],
   * f1_curve[:, i]), so F1 here is the same kind of mean as `atConf.f1`.
   * `smoothedF1` is the smoothed curve's peak, the value that chose it.
   */
  best: PrecisionRecall & { confidence: number; smoothedF1: number };
  /**
   * The lowest score of the matched detections (undefined without any):
   * below it every curve is flat, so a best confidence under it means "any
   * confidence up to this score" (pre-thresholded results).
   */
  lowestScore?: number;
  classes: ClassOperatingPoint[];
  /** For charts: 101 of the 1000 grid points, the smoothed mean F1 and each class's F1 there. */
  curves: { confidence: number[]; meanF1: number[]; classF1: number[][] };
}

/**
 * Precision, recall and F1 at a confidence, and the confidence that
 * maximizes F1, as Ultralytics defines them (`ap_per_class` in
 * ultralytics/utils/metrics.py): per class with ground truth, precision
 * and recall curves over the detections sorted by score, sampled at
 * x = linspace(0, 1, 1000) by `np.interp(-x, -conf, curve)` (recall 0 and
 * precision 1 above the highest score), F1 = 2PR / (P + R + 1e-16); the
 * best confidence is x[argmax(smooth(mean over classes of F1, 0.1))], the
 * smoothing a 101-point box filter padded with the end values, and P, R, F1
 * there are the means over classes of the unsmoothed curves at it.
 *
 * `conf` gives exact counts (detections with score > conf, Ultralytics'
 * confusion-matrix and NMS rule), not curve values. `iou` labels the
 * threshold the outcomes were matched at (it is not applied here).
 */
export function operatingPoints(
  outcomes: readonly ClassOutcomes[],
  conf: number,
  iou = 0.5,
): OperatingPoints {
  const classes = outcomes.filter((entry) => entry.groundTruths > 0);
  const x = linspace(0, 1, GRID);
  const curves = classes.map((entry) => classCurves(entry, x));
  const meanF1 = new Float64Array(GRID);
  for (const curve of curves) for (let i = 0; i < GRID; i++) meanF1[i] += curve.f1[i];
  for (let i = 0; i < GRID; i++) meanF1[i] /= Math.max(curves.length, 1);
  const smoothed = boxSmooth(meanF1, 0.1);
  const best = argmax(smoothed);

  const rows = classes.map((entry, c): ClassOperatingPoint => {
    const { precision, recall, f1 } = curves[c];
    const own = argmax(f1);
    return {
      id: entry.id,
      name: entry.name,
      groundTruths: entry.groundTruths,
      atConf: countsAt(entry, conf),
      atBest: { precision: precision[best], recall: recall[best], f1: f1[best] },
      ownBest: { confidence: x[own], precision: precision[own], recall: recall[own], f1: f1[own] },
    };
  });
  const sampled = Array.from({ length: 101 }, (_, k) => Math.round((k * (GRID - 1)) / 100));
  return {
    iou,
    conf,
    atConf: pooledAt(rows),
    best: {
      confidence: x[best],
      precision: mean(rows.map((row) => row.atBest.precision)),
      recall: mean(rows.map((row) => row.atBest.recall)),
      f1: mean(rows.map((row) => row.atBest.f1)),
      smoothedF1: smoothed[best],
    },
    lowestScore: lowestScore(classes),
    classes: rows,
    curves: {
      confidence: sampled.map((i) => x[i]),
      meanF1: sampled.map((i) => smoothed[i]),
      classF1: curves.map((curve) => sampled.map((i) => curve.f1[i])),
    },
  };
}

/** One class's p_curve, r_curve and f1_curve on the grid. */
function classCurves(
  entry: ClassOutcomes,
  x: Float64Array,
): { precision: Float64Array; recall: Float64Array; f1: Float64Array } {
  const n = entry.scores.length;
  const precision = new Float64Array(x.length);
  const recall = new Float64Array(x.length);
  const f1 = new Float64Array(x.length);
  if (n === 0) return { precision, recall, f1 }; // Ultralytics leaves such a class at zeros
  const negatedScore = new Float64Array(n);
  const recallAt = new Float64Array(n);
  const precisionAt = new Float64Array(n);
  let tp = 0;
  for (let i = 0; i < n; i++) {
    tp += entry.truePositive[i];
    negatedScore[i] = -entry.scores[i];
    recallAt[i] = tp / (entry.groundTruths + EPS);
    precisionAt[i] = tp / (i + 1);
  }
  for (let i = 0; i < x.length; i++) {
    recall[i] = interp(-x[i], negatedScore, recallAt, 0);
    precision[i] = interp(-x[i], negatedScore, precisionAt, 1);
    f1[i] = (2 * precision[i] * recall[i]) / (precision[i] + recall[i] + EPS);
  }
  return { precision, recall, f1 };
}

/**
 * `np.interp(value, xp, fp, left)` for non-decreasing xp (numpy's arr_interp):
 * j = the last index with xp[j] <= value; left below xp[0], fp[last] from the
 * last point on, fp[j] on an exact hit, else the slope formula.
 */
export function interp(value: number, xp: Float64Array, fp: Float64Array, left: number): number {
  const n = xp.length;
  if (value < xp[0]) return left;
  if (value >= xp[n - 1]) return fp[n - 1];
  let low = 0;
  let high = n; // first index with xp > value, by bisection
  while (low < high) {
    const middle = (low + high) >> 1;
    if (value >= xp[middle]) low = middle + 1;
    else high = middle;
  }
  const j = low - 1;
  if (xp[j] === value) return fp[j];
  const slope = (fp[j + 1] - fp[j]) / (xp[j + 1] - xp[j]);
  return slope * (value - xp[j]) + fp[j];
}

/** Ultralytics' `smooth(y, f)`: box filter of round(len * f * 2) // 2 + 1 points, ends padded. */
export function boxSmooth(y: Float64Array, fraction: number): Float64Array {
  const width = Math.floor(Math.round(y.length * fraction * 2) / 2) + 1;
  const pad = Math.floor(width / 2);
  const weight = 1 / width;
  const padded = new Float64Array(y.length + 2 * pad);
  padded.fill(y[0], 0, pad);
  padded.set(y, pad);
  padded.fill(y[y.length - 1], pad + y.length);
  const out = new Float64Array(y.length);
  for (let i = 0; i < y.length; i++) {
    let sum = 0;
    for (let k = 0; k < width; k++) sum += padded[i + k] * weight;
    out[i] = sum;
  }
  return out;
}

/** First index of the maximum (np.argmax). */
function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}

function countsAt(entry: ClassOutcomes, conf: number): ClassOperatingPoint['atConf'] {
  let truePositives = 0;
  let falsePositives = 0;
  for (let i = 0; i < entry.scores.length && entry.scores[i] > conf; i++) {
    if (entry.truePositive[i]) truePositives++;
    else falsePositives++;
  }
  return {
    ...ratios(truePositives, falsePositives, entry.groundTruths),
    truePositives,
    falsePositives,
  };
}

function pooledAt(rows: ClassOperatingPoint[]): OperatingPoints['atConf'] {
  let truePositives = 0;
  let falsePositives = 0;
  let groundTruths = 0;
  for (const row of rows) {
    truePositives += row.atConf.truePositives;
    falsePositives += row.atConf.falsePositives;
    groundTruths += row.groundTruths;
  }
  return {
    precision: mean(rows.map((row) => row.atConf.precision)),
    recall: mean(rows.map((row) => row.atConf.recall)),
    f1: mean(rows.map((row) => row.atConf.f1)),
    truePositives,
    falsePositives,
    falseNegatives: groundTruths - truePositives,
  };
}

/** P = TP / (TP + FP) (0 without detections), R = TP / GT, F1 their harmonic mean (0 when both are 0). */
function ratios(tp: number, fp: number, groundTruths: number): PrecisionRecall {
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = groundTruths > 0 ? tp / groundTruths : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1 };
}

function lowestScore(classes: readonly ClassOutcomes[]): number | undefined {
  let lowest = Infinity;
  for (const entry of classes) {
    // Ranked by descending score: the last is the class's lowest.
    if (entry.scores.length > 0) lowest = Math.min(lowest, entry.scores[entry.scores.length - 1]);
  }
  return lowest === Infinity ? undefined : lowest;
}

function mean(values: number[]): number {
  let sum = 0;
  for (const value of values) sum += value;
  return values.length > 0 ? sum / values.length : 0;
}
