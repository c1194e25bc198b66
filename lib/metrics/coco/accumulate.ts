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
 * and stably sorted by descending score, with its states transposed to
 * [area range][IoU threshold][sorted position] for the cumulative sums.
 */
interface SortedDetections {
  count: number;
  score: Float64Array;
  /** Rank of the detection within its own image (for maxDets). */
  rank: Int32Array;
  states: Uint8Array;
}

function sortCategory(store: EvaluationStore, A: number, T: number): SortedDetections {
  const evaluations = Int32Array.from({ length: store.count }, (_, i) => i).sort(
    (p, q) => store.imageIndex[p] - store.imageIndex[q],
  );
  const total = store.detections;
  const concatenated = new Int32Array(total); // positions in store.scores, image order
  let offset = 0;
  for (const e of evaluations) {
    const start = store.detectionStart[e];
    for (let d = 0; d < store.detectionCount[e]; d++, offset++) {
      concatenated[offset] = start + d;
    }
  }
  // One stable sort serves every maxDets: filtering a stably sorted list by
  // rank-in-image gives the order pycocotools gets by sorting the filtered list.
  const order = argsortDescendingStable(Float64Array.from(concatenated, (i) => store.scores[i]));
  const score = new Float64Array(total);
  const rank = new Int32Array(total);
  const evaluationOf = new Int32Array(store.detections);
  for (const e of evaluations) {
    evaluationOf.fill(
      e,
      store.detectionStart[e],
      store.detectionStart[e] + store.detectionCount[e],
    );
  }
  const states = new Uint8Array(A * T * total);
  for (let position = 0; position < total; position++) {
    const slot = concatenated[order[position]];
    const e = evaluationOf[slot];
    const d = slot - store.detectionStart[e];
    score[position] = store.scores[slot];
    rank[position] = d;
    for (let a = 0; a < A; a++) {
      for (let t = 0; t < T; t++) {
        states[(a * T + t) * total + position] = store.states[store.stateOffset(e, a, t) + d];
      }
    }
  }
  return { count: total, score, rank, states };
}

function accumulateCategory(
  params: CocoParams,
  k: number,
  store: EvaluationStore,
  result: CocoAccumulation,
): void {
  const [T, R, K, A, M] = result.counts;
  const sorted = sortCategory(store, A, T);
  const total = sorted.count;
  const selected = new Int32Array(total);
  const recallCurve = new Float64Array(total);
  const precisionCurve = new Float64Array(total);

  for (let m = 0; m < M; m++) {
    const maxDet = params.maxDets[m];
    let count = 0;
    for (let i = 0; i < total; i++) if (sorted.rank[i] < maxDet) selected[count++] = i;

    for (let a = 0; a < A; a++) {
      let groundTruths = 0;
      for (let e = 0; e < store.count; e++) groundTruths += store.nonIgnoredGroundTruths[e * A + a];
      if (groundTruths === 0) continue;
      for (let t = 0; t < T; t++) {
        const states = sorted.states.subarray((a * T + t) * total, (a * T + t + 1) * total);
        let truePositives = 0;
        let falsePositives = 0;
        for (let i = 0; i < count; i++) {
          const state = states[selected[i]];
          if (state === DetectionState.TruePositive) truePositives++;
          else if (state === DetectionState.FalsePositive) falsePositives++;
          recallCurve[i] = truePositives / groundTruths;
          precisionCurve[i] = truePositives / (falsePositives + truePositives + SPACING_OF_ONE);
        }
        result.recall[((t * K + k) * A + a) * M + m] = count > 0 ? recallCurve[count - 1] : 0;
        // Precision envelope: make it non-increasing from the right.
        for (let i = count - 1; i > 0; i--) {
          if (precisionCurve[i] > precisionCurve[i - 1]) precisionCurve[i - 1] = precisionCurve[i];
        }
        // np.searchsorted(rc, recThrs, side='left'); thresholds past the last
        // recall keep precision 0 and score 0 (pycocotools' try/except).
        let i = 0;
        for (let r = 0; r < R; r++) {
          while (i < count && recallCurve[i] < params.recThrs[r]) i++;
          const index = (((t * R + r) * K + k) * A + a) * M + m;
          result.precision[index] = i < count ? precisionCurve[i] : 0;
          result.scores[index] = i < count ? sorted.score[selected[i]] : 0;
        }
      }
    }
  }
}
