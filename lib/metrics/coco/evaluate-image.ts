import { boxIou } from './iou.js';
import type { EvaluationStore } from './evaluation-store.js';
import type { GroundTruthBoxes } from './ground-truth.js';
import type { CocoParams } from './params.js';
import type { DetectionBatch } from './results.js';

/** Per-detection outcome at one (area range, IoU threshold). */
export const DetectionState = { FalsePositive: 0, TruePositive: 1, Ignored: 2 } as const;
export type DetectionState = (typeof DetectionState)[keyof typeof DetectionState];

/** Scratch buffers reused across calls; evaluation is synchronous, so one set suffices. */
const scratch: {
  sorted: Int32Array;
  keys: Float64Array;
  crowd: Uint8Array;
  order: Int32Array;
  ignored: Uint8Array;
  matched: Uint8Array;
  detectionArea: Float64Array;
  bestIou: Float64Array;
  outside: Uint8Array;
  ious: Float64Array;
} = {
  sorted: new Int32Array(256),
  keys: new Float64Array(256),
  crowd: new Uint8Array(256),
  order: new Int32Array(256),
  ignored: new Uint8Array(256),
  matched: new Uint8Array(256),
  detectionArea: new Float64Array(256),
  bestIou: new Float64Array(256),
  outside: new Uint8Array(256),
  ious: new Float64Array(4096),
};

function ensureScratch(size: number): void {
  if (size <= scratch.sorted.length) return;
  const length = Math.max(size, scratch.sorted.length * 2);
  scratch.sorted = new Int32Array(length);
  scratch.keys = new Float64Array(length);
  scratch.crowd = new Uint8Array(length);
  scratch.order = new Int32Array(length);
  scratch.ignored = new Uint8Array(length);
  scratch.matched = new Uint8Array(length);
  scratch.detectionArea = new Float64Array(length);
  scratch.bestIou = new Float64Array(length);
  scratch.outside = new Uint8Array(length);
}

/**
 * The ground-truth fields matching reads: the whole set's arrays, or (in a
 * worker thread) a packed copy of one category's boxes. Only `id !== 0` is
 * asked of an id.
 */
export type MatchGroundTruth = Pick<GroundTruthBoxes, 'box' | 'area' | 'iscrowd'> & {
  readonly id: ArrayLike<unknown>;
};

/**
 * `COCOeval.computeIoU` + `COCOeval.evaluateImg` for one image and one
 * category (or all categories pooled when useCats is off), for every area
 * range at once since they share the sorted detections and the IoUs. The
 * result is appended to `store`.
 *
 * @param groundTruths indices into `gt`, in pycocotools' `_gts[img, cat]` order
 * @param detections indices into `batch`, in `_dts[img, cat]` order
 */
export function evaluateImageCategory(
  params: CocoParams,
  imageIndex: number,
  gt: MatchGroundTruth,
  groundTruths: ArrayLike<number>,
  batch: DetectionBatch | undefined,
  detections: ArrayLike<number>,
  store: EvaluationStore,
): void {
  const G = groundTruths.length;
  ensureScratch(Math.max(G, detections.length));
  const maxDet = params.maxDets[params.maxDets.length - 1];
  const D = batch === undefined ? 0 : sortDetections(batch, detections, maxDet);
  const T = params.iouThrs.length;
  const A = params.areaRng.length;
  const { sorted, crowd, order, ignored, matched, detectionArea, bestIou, outside } = scratch;

  for (let g = 0; g < G; g++) crowd[g] = Math.trunc(gt.iscrowd[groundTruths[g]]) !== 0 ? 1 : 0;
  let ious: Float64Array | undefined;
  if (D > 0 && G > 0) {
    ious = boxIou(batch!.box, sorted, D, gt.box, groundTruths, crowd, scratch.ious);
    scratch.ious = ious;
    // A detection whose best IoU is under a threshold matches nothing there,
    // so bestMatch() need not scan. (A NaN IoU, from overflowing boxes, would
    // match in bestMatch: such a row is always scanned.)
    for (let d = 0; d < D; d++) {
      let best = 0;
      for (let g = 0; g < G; g++) {
        const iou = ious[d * G + g];
        if (!(iou <= best)) best = Number.isNaN(iou) ? Infinity : iou;
      }
      bestIou[d] = best;
    }
  }
  const record = store.add(imageIndex, D);
  const scoreStart = store.detectionStart[record];
  for (let d = 0; d < D; d++) {
    const index = sorted[d];
    store.scores[scoreStart + d] = batch!.score[index];
    detectionArea[d] = batch!.box[index * 4 + 2] * batch!.box[index * 4 + 3];
  }

  for (let a = 0; a < A; a++) {
    const [low, high] = params.areaRng[a];
    // `_ignore`: crowd (pycocotools overwrites `ignore` with `iscrowd`) or area
    // out of range; a stable argsort then puts the ignored ground truths last.
    let next = 0;
    for (let pass = 0; pass < 2; pass++) {
      for (let g = 0; g < G; g++) {
        const index = groundTruths[g];
        const area = gt.area[index];
        const isIgnored = gt.iscrowd[index] !== 0 || area < low || area > high ? 1 : 0;
        if (isIgnored === pass) order[next++] = g;
      }
      if (pass === 0) store.nonIgnoredGroundTruths[record * A + a] = next;
    }
    if (D === 0) continue; // no detection state to write
    const nonIgnored = store.nonIgnoredGroundTruths[record * A + a];
    for (let position = 0; position < G; position++)
      ignored[position] = position >= nonIgnored ? 1 : 0;
    for (let d = 0; d < D; d++)
      outside[d] = detectionArea[d] < low || detectionArea[d] > high ? 1 : 0;
    if (ious === undefined) {
      // Nothing to match (no ground truth of this class here): every threshold alike.
      const states = store.states;
      for (let t = 0; t < T; t++) {
        const base = store.stateOffset(record, a, t);
        for (let d = 0; d < D; d++)
          states[base + d] = outside[d] ? DetectionState.Ignored : DetectionState.FalsePositive;
      }
      continue;
    }

    for (let t = 0; t < T; t++) {
      for (let position = 0; position < G; position++) matched[position] = 0;
      const threshold = params.iouThrs[t];
      const floor = Math.min(threshold, 1 - 1e-10);
      const base = store.stateOffset(record, a, t);
      for (let d = 0; d < D; d++) {
        const match =
          bestIou[d] < floor
            ? -1
            : bestMatch(threshold, ious, d, G, order, ignored, matched, crowd);
        let state: DetectionState;
        if (match < 0) {
          state = outside[d] ? DetectionState.Ignored : DetectionState.FalsePositive;
        } else {
          matched[match] = 1;
          // dtm holds the ground-truth id and `dtm == 0` means "unmatched" downstream,
          // so a match to a ground truth with id 0 counts as unmatched (pycocotools quirk).
          if (ignored[match]) state = DetectionState.Ignored;
          else if (gt.id[groundTruths[order[match]]] !== 0) state = DetectionState.TruePositive;
          else state = outside[d] ? DetectionState.Ignored : DetectionState.FalsePositive;
        }
        store.states[base + d] = state;
      }
    }
  }
}

/**
 * The inner loop of `evaluateImg`: the best ground truth (position in `order`)
 * for detection d at IoU threshold t, or -1. Ties go to the later ground truth,
 * a crowd can be matched again, and a non-ignored match is never traded for an
 * ignored one.
 */
function bestMatch(
  threshold: number,
  ious: Float64Array,
  d: number,
  G: number,
  order: Int32Array,
  ignored: Uint8Array,
  matched: Uint8Array,
  crowd: Uint8Array,
): number {
  let best = Math.min(threshold, 1 - 1e-10);
  let match = -1;
  const row = d * G;
  for (let position = 0; position < G; position++) {
    const g = order[position];
    if (matched[position] && !crowd[g]) continue;
    if (match > -1 && ignored[match] === 0 && ignored[position] === 1) break;
    const iou = ious[row + g];
    if (iou < best) continue;
    best = iou;
    match = position;
  }
  return match;
}

/**
 * Writes into `scratch.sorted` the detections sorted by descending score,
 * stable with respect to their order in `detections` (np.argsort(-score,
 * kind='mergesort')), truncated to maxDet; returns how many were kept.
 */
function sortDetections(
  batch: DetectionBatch,
  detections: ArrayLike<number>,
  maxDet: number,
): number {
  const n = detections.length;
  const { sorted, keys } = scratch;
  if (n <= 64) {
    // Insertion sort: stable, and no allocation for the usual handful of boxes.
    for (let i = 0; i < n; i++) {
      const index = detections[i];
      const key = batch.score[index];
      let j = i;
      while (j > 0 && keys[j - 1] < key) {
        keys[j] = keys[j - 1];
        sorted[j] = sorted[j - 1];
        j--;
      }
      keys[j] = key;
      sorted[j] = index;
    }
  } else {
    const positions = Array.from({ length: n }, (_, i) => i);
    positions.sort((p, q) => batch.score[detections[q]] - batch.score[detections[p]] || p - q);
    for (let i = 0; i < n; i++) sorted[i] = detections[positions[i]];
  }
  return Math.min(n, maxDet);
}
