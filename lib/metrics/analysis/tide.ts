import type { CocoGroundTruth } from '../coco/ground-truth.js';
import type { DetectionBatch } from '../coco/results.js';
import { argsortDescendingStable } from '../numeric.js';
import { type PointLists, tideMeanAp } from './tide-ap.js';
import {
  classifyImage,
  ErrorType,
  imageIous,
  type TideErrorType,
  tideErrorTypes,
  type TideImageInput,
  Used,
} from './tide-image.js';
import type { CocoId } from '../coco/ids.js';

/** `TIDE.COCO_THRESHOLDS`, as written there (not np.linspace). */
export const tideThresholds = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];
const BACKGROUND_THRESHOLD = 0.1;
const MAX_DETS = 100;

export type ErrorFigures = Record<TideErrorType, number>;

export interface TideRun {
  /** The positive IoU threshold. */
  iou: number;
  /** TIDE's mAP at that threshold, in points. */
  ap: number;
  /** AP gained by fixing each error type alone (TIDE's main dAP, never negative), in points. */
  dAP: ErrorFigures;
  /** How many errors of each type. */
  counts: ErrorFigures;
  /** The counts split by the box size (detection box; ground-truth box for missed): < 32^2, < 96^2, larger. */
  countsBySize: Record<'small' | 'medium' | 'large', ErrorFigures>;
}

export interface TideBreakdown {
  /** The run at IoU 0.5 (TIDE's default `pos_threshold`). */
  at50: TideRun;
  /** Each of TIDE's COCO thresholds 0.5 .. 0.95. */
  runs: TideRun[];
  /** Means over those runs of the AP and of each dAP (TIDE itself reports errors at one threshold). */
  mean: { ap: number; dAP: ErrorFigures };
}

/**
 * Every image's kept predictions in push order (image order, then rank in
 * the image), as flat arrays: prediction i is the i-th TIDE pushes. Flat
 * typed arrays, not an object per prediction: at LVIS scale (2 million
 * predictions, ten thresholds, six error types) the runs visit each
 * prediction 140 times.
 */
interface Predictions {
  count: number;
  /** Dense class key of each prediction. */
  class: Int32Array;
  score: Float64Array;
  area: Float64Array;
  /** Image m's predictions are imageStart[m] .. imageStart[m + 1] - 1; likewise its non-crowd boxes. */
  imageStart: Int32Array;
  truthStart: Int32Array;
  truthClass: Int32Array;
}

/** One threshold's outcome of every prediction, flat in push order (`classifyImage`'s per-image arrays). */
interface RunOutcomes {
  used: Uint8Array;
  error: Int8Array;
  fixedClass: Int32Array;
  fixedPoint: Uint8Array;
  /** MissedErrors: per class, and per size of the ground-truth box (small, medium, large). */
  missedByClass: Int32Array;
  missedBySize: Int32Array;
}

/**
 * TIDE (Bolya et al., "TIDE: A General Toolbox for Identifying Object
 * Detection Errors", ECCV 2020; tidecv 1.0.1 `TIDE.evaluate` + `fix_main_errors`)
 * on a COCO ground truth and results, box mode: crowd annotations are TIDE's
 * ignore regions (as its COCO loader makes them), each image keeps its 100
 * best-scored predictions, background threshold 0.1, and for each error type
 * the AP gained by fixing only that type (non-progressive, negatives set to 0).
 * Images are visited in the ground truth's order (`imageIds` restricts them).
 */
export function tideBreakdown(
  groundTruth: CocoGroundTruth,
  detectionsByImage: ReadonlyMap<CocoId, DetectionBatch>,
  imageIds?: readonly CocoId[],
  onProgress?: (message: string) => void,
): TideBreakdown {
  const wanted = imageIds ? new Set(imageIds) : undefined;
  const images = groundTruth.imageIds.filter((id) => !wanted || wanted.has(id));
  // Category ids (numbers, strings, bigints) become dense numeric class keys: TIDE only compares them.
  const classKeys = new Map<CocoId, number>();
  const classKey = (id: CocoId) => {
    let key = classKeys.get(id);
    if (key === undefined) classKeys.set(id, (key = classKeys.size));
    return key;
  };
  const predictions = allocatePredictions(detectionsByImage, images);
  const outcomes = tideThresholds.map(() => allocateRun(predictions.count));
  const truthClass: number[] = [];
  // One image at a time: its IoUs serve the ten thresholds, then only flat arrays are kept.
  const tenth = Math.max(1, Math.ceil(images.length / 10));
  images.forEach((id, image) => {
    if (onProgress && image > 0 && image % tenth === 0)
      onProgress(`TIDE: ${image}/${images.length} images`);
    const input = imageInput(groundTruth, detectionsByImage.get(id), id, classKey);
    const first = predictions.imageStart[image];
    input.predClass.forEach((cls, d) => {
      predictions.class[first + d] = cls;
      predictions.score[first + d] = input.predScore[d];
      predictions.area[first + d] = input.predBox[d * 4 + 2] * input.predBox[d * 4 + 3];
    });
    truthClass.push(...input.truthClass);
    predictions.truthStart[image + 1] = truthClass.length;
    const { ious, regionIous } = imageIous(input);
    tideThresholds.forEach((pos, run) =>
      storeImage(
        outcomes[run],
        first,
        input,
        classifyImage(input, ious, regionIous, pos, BACKGROUND_THRESHOLD),
      ),
    );
  });
  predictions.truthClass = Int32Array.from(truthClass);
  const classes = classKeys.size;
  const order = Int32Array.from(argsortDescendingStable(predictions.score));
  const runs = tideThresholds.map((pos, run) =>
    evaluateRun(pos, predictions, outcomes[run], order, classes),
  );
  const meanOf = (value: (run: TideRun) => number) =>
    runs.reduce((sum, run) => sum + value(run), 0) / runs.length;
  return {
    at50: runs[0],
    runs,
    mean: {
      ap: meanOf((run) => run.ap),
      dAP: Object.fromEntries(
        tideErrorTypes.map((type) => [type, meanOf((run) => run.dAP[type])]),
      ) as ErrorFigures,
    },
  };
}

/** The flat prediction arrays, sized from the detection counts (at most 100 per image). */
function allocatePredictions(
  detectionsByImage: ReadonlyMap<CocoId, DetectionBatch>,
  images: readonly CocoId[],
): Predictions {
  const imageStart = new Int32Array(images.length + 1);
  images.forEach((id, image) => {
    const kept = Math.min(detectionsByImage.get(id)?.count ?? 0, MAX_DETS);
    imageStart[image + 1] = imageStart[image] + kept;
  });
  const count = imageStart[images.length];
  return {
    count,
    class: new Int32Array(count),
    score: new Float64Array(count),
    area: new Float64Array(count),
    imageStart,
    truthStart: new Int32Array(images.length + 1),
    truthClass: new Int32Array(0),
  };
}

function allocateRun(count: number): RunOutcomes {
  return {
    used: new Uint8Array(count),
    error: new Int8Array(count),
    fixedClass: new Int32Array(count),
    fixedPoint: new Uint8Array(count),
    missedByClass: new Int32Array(0),
    missedBySize: new Int32Array(3),
  };
}

/** Copies one image's outcomes at one threshold into the run's flat arrays, from prediction `first`. */
function storeImage(
  run: RunOutcomes,
  first: number,
  input: TideImageInput,
  result: ReturnType<typeof classifyImage>,
): void {
  run.used.set(result.used, first);
  run.error.set(result.error, first);
  run.fixedPoint.set(result.fixedPoint, first);
  for (let d = 0; d < result.fixedClass.length; d++)
    run.fixedClass[first + d] = result.fixedClass[d];
  for (const g of result.missed) {
    const cls = input.truthClass[g];
    if (cls >= run.missedByClass.length) {
      const grown = new Int32Array(Math.max(cls + 1, run.missedByClass.length * 2));
      grown.set(run.missedByClass);
      run.missedByClass = grown;
    }
    run.missedByClass[cls]++;
    run.missedBySize[sizeIndex(input.truthBox[g * 4 + 2] * input.truthBox[g * 4 + 3])]++;
  }
}

/** TIDE's view of one image: non-crowd boxes, crowd regions, predictions sorted and cut to 100. */
function imageInput(
  groundTruth: CocoGroundTruth,
  batch: DetectionBatch | undefined,
  imageId: CocoId,
  classKey: (id: CocoId) => number,
): TideImageInput {
  const { annotations } = groundTruth;
  const input: TideImageInput = {
    truthClass: [],
    truthBox: [],
    regionClass: [],
    regionBox: [],
    predClass: [],
    predScore: [],
    predBox: [],
  };
  for (const index of groundTruth.annotationsByImage.get(imageId) ?? []) {
    const crowd = annotations.iscrowd[index] !== 0;
    (crowd ? input.regionClass : input.truthClass).push(classKey(annotations.categoryId[index]));
    const box = crowd ? input.regionBox : input.truthBox;
    for (let axis = 0; axis < 4; axis++) box.push(annotations.box[index * 4 + axis]);
  }
  const count = batch?.count ?? 0;
  const sorted = Array.from({ length: count }, (_, d) => d);
  sorted.sort((p, q) => batch!.score[q] - batch!.score[p] || p - q); // Python's stable sort
  for (const d of sorted.slice(0, MAX_DETS)) {
    input.predClass.push(classKey(batch!.categoryId[d]));
    input.predScore.push(batch!.score[d]);
    for (let axis = 0; axis < 4; axis++) input.predBox.push(batch!.box[d * 4 + axis]);
  }
  return input;
}

/** One `TIDERun`: its mAP, and `fix_main_errors()` for each type. */
function evaluateRun(
  pos: number,
  predictions: Predictions,
  run: RunOutcomes,
  order: Int32Array,
  classes: number,
): TideRun {
  const { used, error } = run;
  const groundTruths = new Float64Array(classes);
  const touched = new Uint8Array(classes);
  const classOrder: number[] = []; // first touch: an image's boxes, then its counted predictions
  const touch = (id: number) => {
    if (!touched[id]) {
      touched[id] = 1;
      classOrder.push(id);
    }
  };
  const counts = new Int32Array(tideErrorTypes.length);
  const bySize = [0, 1, 2].map(() => new Int32Array(tideErrorTypes.length));
  const images = predictions.imageStart.length - 1;
  for (let image = 0; image < images; image++) {
    for (let g = predictions.truthStart[image]; g < predictions.truthStart[image + 1]; g++) {
      const cls = predictions.truthClass[g];
      touch(cls);
      groundTruths[cls]++;
    }
    for (let i = predictions.imageStart[image]; i < predictions.imageStart[image + 1]; i++) {
      if (used[i] !== Used.Ignored) touch(predictions.class[i]);
      if (used[i] === Used.True) continue;
      counts[error[i]]++;
      bySize[sizeIndex(predictions.area[i])][error[i]]++;
    }
  }
  const missed = tideErrorTypes.indexOf('missed');
  for (let cls = 0; cls < run.missedByClass.length; cls++) counts[missed] += run.missedByClass[cls];
  for (let size = 0; size < 3; size++) bySize[size][missed] += run.missedBySize[size];

  // The original AP: every counted prediction in (score, push) order.
  const original = pointLists(order, classes, (i) =>
    used[i] === Used.Ignored ? -1 : predictions.class[i],
  );
  const isTrue = (i: number) => (used[i] === Used.True ? 1 : 0);
  const ap = tideMeanAp(classOrder, original, isTrue, groundTruths);
  const fixedOrder = errorsFirst(order, predictions.score, (i) => used[i] === Used.True);
  const dAP = emptyFigures();
  tideErrorTypes.forEach((type, typeIndex) => {
    const fixed = fixedPoints(fixedOrder, predictions, run, typeIndex, classOrder, classes);
    let positives = groundTruths;
    if (type === 'missed') {
      positives = Float64Array.from(groundTruths);
      run.missedByClass.forEach((count, cls) => (positives[cls] -= count));
    }
    dAP[type] = Math.max(
      tideMeanAp(fixed.classOrder, fixed.points, fixed.isTrue, positives) - ap,
      0,
    );
  });
  const figures = (values: Int32Array) =>
    Object.fromEntries(tideErrorTypes.map((type, t) => [type, values[t]])) as ErrorFigures;
  return {
    iou: pos,
    ap,
    dAP,
    counts: figures(counts),
    countsBySize: {
      small: figures(bySize[0]),
      medium: figures(bySize[1]),
      large: figures(bySize[2]),
    },
  };
}

/**
 * The data points of each class, in `sequence` order: `classOf(i)` is the
 * class prediction i adds a point to (-1: none). A counting sort into one
 * array: `points.start[c]` .. `points.start[c + 1]` are class c's predictions.
 */
function pointLists(
  sequence: Int32Array,
  classes: number,
  classOf: (i: number) => number,
): PointLists {
  const start = new Int32Array(classes + 1);
  const cls = new Int32Array(sequence.length);
  for (let k = 0; k < sequence.length; k++) {
    cls[k] = classOf(sequence[k]);
    if (cls[k] >= 0) start[cls[k] + 1]++;
  }
  for (let c = 0; c < classes; c++) start[c + 1] += start[c];
  const next = start.slice(0, classes);
  const members = new Int32Array(start[classes]);
  for (let k = 0; k < sequence.length; k++) if (cls[k] >= 0) members[next[cls[k]]++] = sequence[k];
  return { start, members };
}

/**
 * The order of the data points in `fix_errors`' new object: it receives the
 * errors first (in error order, i.e. push order) and the correct predictions
 * after them, so within a run of equal scores the errors come first.
 */
function errorsFirst(
  order: Int32Array,
  score: Float64Array,
  isCorrect: (i: number) => boolean,
): Int32Array {
  const result = new Int32Array(order.length);
  let out = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && score[order[end]] === score[order[start]]) end++;
    for (let i = start; i < end; i++) if (!isCorrect(order[i])) result[out++] = order[i];
    for (let i = start; i < end; i++) if (isCorrect(order[i])) result[out++] = order[i];
    start = end;
  }
  return result;
}

/**
 * `fix_errors(type)`: errors of `type` replaced by their fix (a true
 * positive, possibly in the ground truth's class, or nothing), other errors
 * as they were (ignored predictions add nothing), correct predictions kept.
 * Classes are touched by the error pushes first (push order), then in the
 * original order.
 */
function fixedPoints(
  fixedOrder: Int32Array,
  predictions: Predictions,
  run: RunOutcomes,
  typeIndex: number,
  originalOrder: readonly number[],
  classes: number,
): { points: PointLists; isTrue: (i: number) => number; classOrder: number[] } {
  const { used, error, fixedPoint, fixedClass } = run;
  // The class of the data point prediction i adds (-1: none), and whether it is a true positive.
  const classOf = (i: number): number => {
    if (used[i] === Used.True) return predictions.class[i];
    if (error[i] === typeIndex) return fixedPoint[i] ? fixedClass[i] : -1;
    return used[i] === Used.Ignored ? -1 : predictions.class[i];
  };
  const isTrue = (i: number) =>
    used[i] === Used.True || (error[i] === typeIndex && fixedPoint[i]) ? 1 : 0;
  const touchedByErrors: number[] = [];
  const seen = new Uint8Array(classes);
  // Error pushes happen in push order, before any correct one: find the classes they touch first.
  for (let i = 0; i < predictions.count; i++) {
    if (used[i] === Used.True) continue;
    const cls = classOf(i);
    if (cls >= 0 && !seen[cls]) {
      seen[cls] = 1;
      touchedByErrors.push(cls);
    }
  }
  const classOrder = [...touchedByErrors, ...originalOrder.filter((id) => !seen[id])];
  return { points: pointLists(fixedOrder, classes, classOf), isTrue, classOrder };
}

function sizeIndex(area: number): number {
  return area < 32 ** 2 ? 0 : area < 96 ** 2 ? 1 : 2;
}

function emptyFigures(): ErrorFigures {
  return { classification: 0, localization: 0, both: 0, duplicate: 0, background: 0, missed: 0 };
}

export { ErrorType };
