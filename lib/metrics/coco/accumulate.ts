import { argsortDescendingStable } from '../numeric.js';
import { DetectionState } from './evaluate-image.js';
import type { EvaluationStore } from './evaluation-store.js';
import type { CocoParams } from './params.js';

/** numpy's `np.spacing(1)`, added to the precision denominator by pycocotools. */
const SPACING_OF_ONE = 2.220446049250313e-16;

/** `COCOeval.eval`: arrays in numpy's C order, -1 where undefined. */
export interface CocoAccumulation {
  /** [T, R, K, A, M] */
  counts: [number, number, number, number, number];
  /** T x R x K x A x M */
  precision: Float64Array;
  /** T x K x A x M */
  recall: Float64Array;
  /** T x R x K x A x M: the score at which each recall threshold is reached. */
  scores: Float64Array;
}

/** `COCOeval.accumulate()` for parameters equal to those evaluated with; one store per category. */
export function accumulate(params: CocoParams, stores: EvaluationStore[]): CocoAccumulation {
  const T = params.iouThrs.length;
  const R = params.recThrs.length;
  const K = stores.length;
  const A = params.areaRng.length;
  const M = params.maxDets.length;
  const result: CocoAccumulation = {
    counts: [T, R, K, A, M],
    precision: new Float64Array(T * R * K * A * M).fill(-1),
    recall: new Float64Array(T * K * A * M).fill(-1),
    scores: new Float64Array(T * R * K * A * M).fill(-1),
  };
  for (let k = 0; k < K; k++) {
    if (stores[k].count > 0) accumulateCategory(params, k, stores[k], result);
  }
  return result;
}

/**
 * Every detection of one category, concatenated in image order (params.imgIds)
 * and stably sorted by descending score; where its states lie in the store
 * (the state at block b = area * T + threshold is `states[base + b * stride]`).
 */
interface SortedDetections {
  count: number;
  score: Float64Array;
  /** Rank of the detection within its own image (for maxDets). */
  rank: Int32Array;
  base: Int32Array;
  stride: Int32Array;
}

function sortCategory(store: EvaluationStore): SortedDetections {
  const evaluations = imageOrder(store);
  const total = store.detections;
  const keys = new Float64Array(total); // scores concatenated in image order
  const slots = new Int32Array(total); // their positions in store.scores
  const evaluationOf = new Int32Array(total);
  let offset = 0;
  for (const e of evaluations) {
    const start = store.detectionStart[e];
    const D = store.detectionCount[e];
    for (let d = 0; d < D; d++, offset++) {
      keys[offset] = store.scores[start + d];
      slots[offset] = start + d;
      evaluationOf[offset] = e;
    }
  }
  // One stable sort serves every maxDets: filtering a stably sorted list by
  // rank-in-image gives the order pycocotools gets by sorting the filtered list.
  const order = argsortDescendingStable(keys);
  const score = new Float64Array(total);
  const rank = new Int32Array(total);
  const base = new Int32Array(total);
  const stride = new Int32Array(total);
  for (let position = 0; position < total; position++) {
    const concatenated = order[position];
    const slot = slots[concatenated];
    const e = evaluationOf[concatenated];
    const d = slot - store.detectionStart[e];
    score[position] = store.scores[slot];
    rank[position] = d;
    base[position] = store.stateOffset(e, 0, 0) + d;
    stride[position] = store.detectionCount[e];
  }
  return { count: total, score, rank, base, stride };
}

/** The evaluations of a store by image position (each image appears once per category). */
function imageOrder(store: EvaluationStore): Int32Array {
  const evaluations = new Int32Array(store.count);
  let sorted = true;
  for (let e = 0; e < store.count; e++) {
    evaluations[e] = e;
    if (e > 0 && store.imageIndex[e] < store.imageIndex[e - 1]) sorted = false;
  }
  return sorted
    ? evaluations
    : evaluations.sort((p, q) => store.imageIndex[p] - store.imageIndex[q]);
}

function accumulateCategory(
  params: CocoParams,
  k: number,
  store: EvaluationStore,
  result: CocoAccumulation,
): void {
  const [T, R, K, A, M] = result.counts;
  const sorted = sortCategory(store);
  const total = sorted.count;
  const selected = new Int32Array(total);
  const selectedBase = new Int32Array(total);
  const selectedStride = new Int32Array(total);
  const scratch: CurveScratch = {
    truePositivePosition: new Int32Array(total),
    truePositivePrecision: new Float64Array(total),
    thresholdPosition: new Int32Array(R),
  };
  const groundTruthsPerArea = new Int32Array(A);
  for (let e = 0; e < store.count; e++) {
    for (let a = 0; a < A; a++) groundTruthsPerArea[a] += store.nonIgnoredGroundTruths[e * A + a];
  }

  let previousCount = -1;
  for (let m = 0; m < M; m++) {
    const maxDet = params.maxDets[m];
    let count = 0;
    for (let i = 0; i < total; i++) {
      if (sorted.rank[i] >= maxDet) continue;
      selectedBase[count] = sorted.base[i];
      selectedStride[count] = sorted.stride[i];
      selected[count++] = i;
    }
    // The selection only grows with maxDet: the same count is the same
    // detections, hence the same curves as the previous maxDet.
    if (count === previousCount) {
      copyPreviousMaxDet(result, k, m);
      continue;
    }
    previousCount = count;
    for (let a = 0; a < A; a++) {
      const groundTruths = groundTruthsPerArea[a];
      if (groundTruths === 0) continue;
      for (let t = 0; t < T; t++) {
        const curve = {
          states: store.states,
          block: a * T + t,
          base: selectedBase,
          stride: selectedStride,
          count,
          groundTruths,
        };
        const reached = precisionRecall(params.recThrs, curve, scratch);
        result.recall[((t * K + k) * A + a) * M + m] = count > 0 ? reached.recall : 0;
        for (let r = 0; r < R; r++) {
          const index = (((t * R + r) * K + k) * A + a) * M + m;
          // Thresholds past the last recall keep precision 0 and score 0
          // (pycocotools' try/except).
          const position = r < reached.thresholds ? scratch.thresholdPosition[r] : -1;
          result.precision[index] = position < 0 ? 0 : reached.precision[r];
          result.scores[index] = position < 0 ? 0 : sorted.score[selected[position]];
        }
      }
    }
  }
}

interface CurveScratch {
  truePositivePosition: Int32Array;
  truePositivePrecision: Float64Array;
  /** np.searchsorted(rc, recThrs, side='left') for the thresholds reached. */
  thresholdPosition: Int32Array;
}

interface Curve {
  states: Uint8Array;
  block: number;
  base: Int32Array;
  stride: Int32Array;
  count: number;
  groundTruths: number;
}

const envelopeScratch = { values: new Float64Array(0) };

/**
 * pycocotools' cumulative TP / FP, recall tp / G, precision tp / (tp + fp +
 * eps), its envelope (non-increasing from the right) and the envelope at each
 * recall threshold, with the divisions done only where the values can
 * matter: recall grows only at a true positive, and precision is a maximum
 * of the envelope only there (a false positive lowers it, an ignored
 * detection keeps it), or at the first detection. The same doubles as
 * computing every position.
 */
function precisionRecall(
  recThrs: Float64Array,
  curve: Curve,
  scratch: CurveScratch,
): { recall: number; thresholds: number; precision: Float64Array } {
  const { states, block, base, stride, count, groundTruths } = curve;
  const { truePositivePosition, truePositivePrecision, thresholdPosition } = scratch;
  const R = recThrs.length;
  let truePositives = 0;
  let falsePositives = 0;
  let recall = 0;
  let r = 0;
  let found = 0;
  let firstPrecision = 0;
  while (r < R && count > 0 && recThrs[r] <= 0) thresholdPosition[r++] = 0;
  for (let i = 0; i < count; i++) {
    const state = states[base[i] + block * stride[i]];
    if (state === DetectionState.TruePositive) {
      truePositives++;
      recall = truePositives / groundTruths;
      truePositivePosition[found] = i;
      truePositivePrecision[found++] =
        truePositives / (falsePositives + truePositives + SPACING_OF_ONE);
      while (r < R && recall >= recThrs[r]) thresholdPosition[r++] = i;
    } else if (state === DetectionState.FalsePositive) {
      falsePositives++;
    }
    if (i === 0) firstPrecision = truePositives / (falsePositives + truePositives + SPACING_OF_ONE);
  }
  if (envelopeScratch.values.length < R) envelopeScratch.values = new Float64Array(R);
  const precision = envelopeScratch.values;
  let envelope = -Infinity;
  let j = found - 1;
  for (let q = r - 1; q >= 0; q--) {
    const position = thresholdPosition[q];
    while (j >= 0 && truePositivePosition[j] >= position) {
      if (truePositivePrecision[j] > envelope) envelope = truePositivePrecision[j];
      j--;
    }
    precision[q] = position === 0 && firstPrecision > envelope ? firstPrecision : envelope;
  }
  return { recall, thresholds: r, precision };
}

/** Copies the figures of maxDets[m - 1] to maxDets[m] for category k. */
function copyPreviousMaxDet(result: CocoAccumulation, k: number, m: number): void {
  const [T, R, K, A, M] = result.counts;
  for (let t = 0; t < T; t++) {
    for (let a = 0; a < A; a++) {
      const recall = ((t * K + k) * A + a) * M;
      result.recall[recall + m] = result.recall[recall + m - 1];
      for (let r = 0; r < R; r++) {
        const index = (((t * R + r) * K + k) * A + a) * M;
        result.precision[index + m] = result.precision[index + m - 1];
        result.scores[index + m] = result.scores[index + m - 1];
      }
    }
  }
}
