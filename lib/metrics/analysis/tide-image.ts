import { boxIou } from '../coco/iou.js';

/** TIDE's main error types, in `TIDE._error_types` order. */
export const tideErrorTypes = [
  'classification',
  'localization',
  'both',
  'duplicate',
  'background',
  'missed',
] as const;
export type TideErrorType = (typeof tideErrorTypes)[number];
export const ErrorType = {
  Class: 0,
  Box: 1,
  Both: 2,
  Duplicate: 3,
  Background: 4,
  None: -1,
} as const;

/** A prediction's match state (TIDE's pred['used']): FP, TP, or ignored (None, inside a crowd region). */
export const Used = { False: 0, True: 1, Ignored: 2 } as const;

/** One image as TIDE sees it: ground truth split into boxes and ignore (crowd) regions. */
export interface TideImageInput {
  /** Non-crowd ground truth: class and [x, y, w, h]. */
  truthClass: number[];
  truthBox: number[];
  /** Crowd regions (TIDE's ignore regions), file order. */
  regionClass: number[];
  regionBox: number[];
  /** The image's predictions sorted by descending score (stable) and cut to max_dets. */
  predClass: number[];
  predScore: number[];
  predBox: number[];
}

/** What one image contributes to a run at one positive threshold. */
export interface TideImageResult {
  used: Uint8Array;
  error: Int8Array;
  /** Class the fixed prediction counts in, and whether the fix yields a true positive. */
  fixedClass: Float64Array;
  fixedPoint: Uint8Array;
  /** Ground truths with a MissedError (not matched and not usable by a Box or Class error). */
  missed: number[];
  /** Ground truths not matched (TIDE's false negatives). */
  unmatched: number[];
}

/**
 * TIDEExample._run + the error loop of TIDERun._eval_image (tidecv
 * quantify.py) for one image and one positive threshold `pos`, background
 * threshold `bg`: predictions matched in score order to the best unused
 * same-class ground truth with IoU >= pos; unmatched ones inside a same-class
 * crowd region (crowd IoU > pos) ignored; then each unmatched or ignored
 * prediction gets the first error that fits: Box (best same-class IoU in
 * [bg, pos]), Class (IoU >= pos with another class), Duplicate (IoU >= pos
 * with a used same-class box), Background (best IoU <= bg), else Both.
 * Box and Class errors fix only through the highest-scored prediction of an
 * unused ground truth (BestGTMatch); that ground truth is then "usable" and
 * not a MissedError.
 *
 * @param ious D x G IoUs of the predictions with the ground truth boxes
 */
export function classifyImage(
  input: TideImageInput,
  ious: Float64Array,
  regionIous: Float64Array,
  pos: number,
  bg: number,
): TideImageResult {
  const D = input.predClass.length;
  const G = input.truthClass.length;
  const used = new Uint8Array(D);
  const truthUsed = new Uint8Array(G);
  const buffer = new Float64Array(D * G);
  for (let d = 0; d < D; d++) {
    for (let g = 0; g < G; g++) {
      buffer[d * G + g] = input.predClass[d] === input.truthClass[g] ? ious[d * G + g] : 0;
    }
  }
  for (let d = 0; d < D && G > 0; d++) {
    const g = argmaxRow(buffer, d, G, () => true);
    if (buffer[d * G + g] >= pos) {
      used[d] = Used.True;
      truthUsed[g] = 1;
      for (let other = 0; other < D; other++) buffer[other * G + g] = 0;
    }
  }
  const R = input.regionClass.length;
  for (let r = 0; r < R; r++) {
    for (let d = 0; d < D; d++) {
      if (
        used[d] !== Used.True &&
        regionIous[d * R + r] > pos &&
        input.regionClass[r] === input.predClass[d]
      )
        used[d] = Used.Ignored;
    }
  }
  const result: TideImageResult = {
    used,
    error: new Int8Array(D).fill(ErrorType.None),
    fixedClass: new Float64Array(D),
    fixedPoint: new Uint8Array(D),
    missed: [],
    unmatched: [],
  };
  const usable = new Uint8Array(G);
  const bestPred = new Int32Array(G).fill(-1); // BestGTMatch's best_id: first pred of the top score
  const bestScore = new Float64Array(G).fill(-1);
  const fixVia = new Int32Array(D).fill(-1); // the ground truth a Box/Class error would fix through
  for (let d = 0; d < D; d++) {
    if (used[d] === Used.True) continue;
    const type = errorOf(input, ious, truthUsed, d, pos, bg);
    result.error[d] = type.error;
    result.fixedClass[d] = input.predClass[d];
    if (type.error === ErrorType.Class) result.fixedClass[d] = input.truthClass[type.truth];
    if (
      (type.error === ErrorType.Box || type.error === ErrorType.Class) &&
      !truthUsed[type.truth]
    ) {
      const g = type.truth;
      usable[g] = 1;
      fixVia[d] = g;
      if (bestScore[g] < input.predScore[d]) {
        bestScore[g] = input.predScore[d];
        bestPred[g] = d;
      }
    }
  }
  for (let d = 0; d < D; d++)
    if (fixVia[d] >= 0 && bestPred[fixVia[d]] === d) result.fixedPoint[d] = 1;
  for (let g = 0; g < G; g++) {
    if (truthUsed[g]) continue;
    result.unmatched.push(g);
    if (!usable[g]) result.missed.push(g);
  }
  return result;
}

/** The error of one unmatched or ignored prediction, and the ground truth it names. */
function errorOf(
  input: TideImageInput,
  ious: Float64Array,
  truthUsed: Uint8Array,
  d: number,
  pos: number,
  bg: number,
): { error: number; truth: number } {
  const G = input.truthClass.length;
  if (G === 0) return { error: ErrorType.Background, truth: -1 };
  const same = (g: number) => input.predClass[d] === input.truthClass[g];
  const value = (g: number, keep: (g: number) => boolean) => (keep(g) ? ious[d * G + g] : 0);
  const pick = (keep: (g: number) => boolean) => {
    const g = argmaxRow(ious, d, G, keep);
    return { g, iou: value(g, keep) };
  };
  const box = pick(same);
  if (bg <= box.iou && box.iou <= pos) return { error: ErrorType.Box, truth: box.g };
  const other = pick((g) => !same(g));
  if (other.iou >= pos) return { error: ErrorType.Class, truth: other.g };
  const duplicate = pick((g) => truthUsed[g] === 1 && same(g));
  if (duplicate.iou >= pos) return { error: ErrorType.Duplicate, truth: duplicate.g };
  const any = pick(() => true);
  if (any.iou <= bg) return { error: ErrorType.Background, truth: -1 };
  return { error: ErrorType.Both, truth: -1 };
}

/** np.argmax of row d of a masked D x G matrix (masked entries read as 0): the first maximum. */
function argmaxRow(
  matrix: Float64Array,
  d: number,
  G: number,
  keep: (g: number) => boolean,
): number {
  let best = 0;
  let bestValue = keep(0) ? matrix[d * G] : 0;
  for (let g = 1; g < G; g++) {
    const value = keep(g) ? matrix[d * G + g] : 0;
    if (value > bestValue) {
      best = g;
      bestValue = value;
    }
  }
  return best;
}

/** IoUs of an image's predictions with its boxes (bbIou) and crowd IoUs with its regions. */
export function imageIous(input: TideImageInput): { ious: Float64Array; regionIous: Float64Array } {
  const D = input.predClass.length;
  const order = Int32Array.from({ length: D }, (_, d) => d);
  const truths = Int32Array.from({ length: input.truthClass.length }, (_, g) => g);
  const regions = Int32Array.from({ length: input.regionClass.length }, (_, r) => r);
  return {
    ious: boxIou(input.predBox, order, D, input.truthBox, truths, new Uint8Array(truths.length)),
    regionIous: boxIou(
      input.predBox,
      order,
      D,
      input.regionBox,
      regions,
      new Uint8Array(regions.length).fill(1),
    ),
  };
}
