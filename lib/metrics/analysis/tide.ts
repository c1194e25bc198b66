import type { CocoGroundTruth } from '../coco/ground-truth.js';
import type { DetectionBatch } from '../coco/results.js';
import { tideMeanAp } from './tide-ap.js';
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

/** The data of one prediction across the runs (fixed by image order and score). */
interface Prediction {
  image: number;
  index: number;
  class: number;
  score: number;
  area: number;
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
  const inputs = images.map((id) =>
    imageInput(groundTruth, detectionsByImage.get(id), id, classKey),
  );
  const predictions: Prediction[] = [];
  inputs.forEach((input, image) => {
    input.predClass.forEach((cls, index) => {
      const area = input.predBox[index * 4 + 2] * input.predBox[index * 4 + 3];
      predictions.push({ image, index, class: cls, score: input.predScore[index], area });
    });
  });
  const results = tideThresholds.map(() => new Array<ReturnType<typeof classifyImage>>());
  inputs.forEach((input) => {
    const { ious, regionIous } = imageIous(input);
    tideThresholds.forEach((pos, run) =>
      results[run].push(classifyImage(input, ious, regionIous, pos, BACKGROUND_THRESHOLD)),
    );
  });
  const order = scoreOrder(predictions);
  const runs = tideThresholds.map((pos, run) =>
    evaluateRun(pos, inputs, predictions, order, results[run]),
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

/** Predictions by descending score, ties in push order (image order, then rank in the image). */
function scoreOrder(predictions: Prediction[]): Int32Array {
  const order = Int32Array.from({ length: predictions.length }, (_, i) => i);
  return order.sort((p, q) => predictions[q].score - predictions[p].score || p - q);
}

/** One `TIDERun`: its mAP, and `fix_main_errors()` for each type. */
function evaluateRun(
  pos: number,
  inputs: TideImageInput[],
  predictions: Prediction[],
  order: Int32Array,
  images: ReturnType<typeof classifyImage>[],
): TideRun {
  const used = (p: Prediction) => images[p.image].used[p.index];
  const error = (p: Prediction) => images[p.image].error[p.index];
  const groundTruths = new Map<number, number>();
  const classOrder: number[] = []; // first touch: an image's boxes, then its counted predictions
  const touch = (id: number) => {
    if (!groundTruths.has(id)) {
      groundTruths.set(id, 0);
      classOrder.push(id);
    }
  };
  const missedByClass = new Map<number, number>();
  const counts = emptyFigures();
  const countsBySize = { small: emptyFigures(), medium: emptyFigures(), large: emptyFigures() };
  let next = 0;
  inputs.forEach((input, image) => {
    for (const cls of input.truthClass) {
      touch(cls);
      groundTruths.set(cls, groundTruths.get(cls)! + 1);
    }
    for (let index = 0; index < input.predClass.length; index++, next++) {
      const p = predictions[next];
      if (used(p) !== Used.Ignored) touch(p.class);
      if (used(p) === Used.True) continue;
      const type = tideErrorTypes[error(p)];
      counts[type]++;
      countsBySize[sizeOf(p.area)][type]++;
    }
    for (const g of images[image].missed) {
      const cls = input.truthClass[g];
      missedByClass.set(cls, (missedByClass.get(cls) ?? 0) + 1);
      counts.missed++;
      countsBySize[sizeOf(input.truthBox[g * 4 + 2] * input.truthBox[g * 4 + 3])].missed++;
    }
  });

  // The original AP: every counted prediction in (score, push) order.
  const original = new Map<number, number[]>();
  for (const i of order) {
    const p = predictions[i];
    if (used(p) === Used.Ignored) continue;
    pushPoint(original, p.class, used(p) === Used.True ? 1 : 0);
  }
  const ap = tideMeanAp(classOrder, original, groundTruths);
  const fixedOrder = errorsFirst(order, predictions, (p) => used(p) === Used.True);
  const dAP = emptyFigures();
  tideErrorTypes.forEach((type, typeIndex) => {
    const fixed = fixedMap(fixedOrder, predictions, images, typeIndex, classOrder);
    const positives = new Map(groundTruths);
    if (type === 'missed') {
      for (const [cls, missed] of missedByClass) positives.set(cls, positives.get(cls)! - missed);
    }
    dAP[type] = Math.max(tideMeanAp(fixed.classOrder, fixed.points, positives) - ap, 0);
  });
  return { iou: pos, ap, dAP, counts, countsBySize };
}

/**
 * The order of the data points in `fix_errors`' new object: it receives the
 * errors first (in error order, i.e. push order) and the correct predictions
 * after them, so within a run of equal scores the errors come first.
 */
function errorsFirst(
  order: Int32Array,
  predictions: Prediction[],
  isCorrect: (p: Prediction) => boolean,
): Int32Array {
  const result = new Int32Array(order.length);
  let out = 0;
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && predictions[order[end]].score === predictions[order[start]].score)
      end++;
    for (let i = start; i < end; i++)
      if (!isCorrect(predictions[order[i]])) result[out++] = order[i];
    for (let i = start; i < end; i++)
      if (isCorrect(predictions[order[i]])) result[out++] = order[i];
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
function fixedMap(
  fixedOrder: Int32Array,
  predictions: Prediction[],
  images: ReturnType<typeof classifyImage>[],
  typeIndex: number,
  originalOrder: readonly number[],
): { points: Map<number, number[]>; classOrder: number[] } {
  const points = new Map<number, number[]>();
  // The data point a prediction adds: its class (undefined: none) and, in
  // `entryTrue`, whether it is a true positive. No tuple per call: this runs
  // for every prediction, error type and threshold.
  let entryTrue = 0;
  const entryClass = (p: Prediction): number | undefined => {
    const image = images[p.image];
    const used = image.used[p.index];
    if (used === Used.True) {
      entryTrue = 1;
      return p.class;
    }
    if (image.error[p.index] === typeIndex) {
      if (!image.fixedPoint[p.index]) return undefined;
      entryTrue = 1;
      return image.fixedClass[p.index];
    }
    if (used === Used.Ignored) return undefined;
    entryTrue = 0;
    return p.class;
  };
  const touchedByErrors: number[] = [];
  const seen = new Set<number>();
  // Error pushes happen in push order, before any correct one: find the classes they touch first.
  for (let i = 0; i < predictions.length; i++) {
    const p = predictions[i];
    if (images[p.image].used[p.index] === Used.True) continue;
    const cls = entryClass(p);
    if (cls !== undefined && !seen.has(cls)) {
      seen.add(cls);
      touchedByErrors.push(cls);
    }
  }
  for (const i of fixedOrder) {
    const cls = entryClass(predictions[i]);
    if (cls !== undefined) pushPoint(points, cls, entryTrue);
  }
  const classOrder = [...touchedByErrors, ...originalOrder.filter((id) => !seen.has(id))];
  return { points, classOrder };
}

function pushPoint(points: Map<number, number[]>, cls: number, isTrue: number): void {
  const list = points.get(cls);
  if (list === undefined) points.set(cls, [isTrue]);
  else list.push(isTrue);
}

function sizeOf(area: number): 'small' | 'medium' | 'large' {
  return area < 32 ** 2 ? 'small' : area < 96 ** 2 ? 'medium' : 'large';
}

function emptyFigures(): ErrorFigures {
  return { classification: 0, localization: 0, both: 0, duplicate: 0, background: 0, missed: 0 };
}

export { ErrorType };
