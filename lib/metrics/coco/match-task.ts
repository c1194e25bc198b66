import { accumulate, type CocoAccumulation } from './accumulate.js';
import { evaluateImageCategory } from './evaluate-image.js';
import { EvaluationStore, type EvaluationStoreParts, partsBuffers } from './evaluation-store.js';
import type { CocoParams } from './params.js';

/** The parameters a worker needs (no ids: the main thread maps them to positions). */
export type MatchParams = Omit<CocoParams, 'imgIds' | 'catIds'>;

/**
 * One worker's share of an evaluation: whole categories (`categories`, positions
 * in params.catIds, ascending), each with its ground truths and detections
 * packed contiguously, ordered by image position (params.imgIds), each
 * image's in pycocotools' `_gts` / `_dts` order.
 */
export interface MatchTask {
  params: MatchParams;
  categories: Int32Array;
  /** Per category c: its ground truths are [groundTruthStart[c], groundTruthStart[c + 1]). */
  groundTruthStart: Int32Array;
  groundTruthImage: Int32Array;
  groundTruthBox: Float64Array;
  groundTruthArea: Float64Array;
  groundTruthCrowd: Float64Array;
  /** 0 where the annotation id is 0 (pycocotools counts a match to it as unmatched), else 1. */
  groundTruthId: Float64Array;
  /** Per category c: its detections are [detectionStart[c], detectionStart[c + 1]). */
  detectionStart: Int32Array;
  detectionImage: Int32Array;
  detectionScore: Float64Array;
  detectionBox: Float64Array;
}

/** What a worker sends back: one store per category of the task, and their accumulation (K = categories.length). */
export interface MatchResult {
  categories: Int32Array;
  stores: EvaluationStoreParts[];
  accumulation: CocoAccumulation;
}

/**
 * Runs a task: `evaluateImageCategory` for every (image, category) pair that
 * has a ground truth or a detection, in image order, then `accumulate` of
 * those categories. Each category's figures depend on its own pairs only, so
 * splitting by category gives the single-threaded numbers bit for bit.
 */
export function runMatchTask(task: MatchTask): MatchResult {
  const { params } = task;
  const A = params.areaRng.length;
  const T = params.iouThrs.length;
  const groundTruth = {
    box: task.groundTruthBox,
    area: task.groundTruthArea,
    iscrowd: task.groundTruthCrowd,
    id: task.groundTruthId,
  };
  const batch = {
    count: task.detectionScore.length,
    categoryId: [],
    score: task.detectionScore,
    box: task.detectionBox,
  };
  const iota = Int32Array.from(
    { length: Math.max(task.detectionScore.length, task.groundTruthArea.length) },
    (_, i) => i,
  );
  const stores: EvaluationStore[] = [];
  for (let c = 0; c < task.categories.length; c++) {
    let g = task.groundTruthStart[c];
    let d = task.detectionStart[c];
    const gEnd = task.groundTruthStart[c + 1];
    const dEnd = task.detectionStart[c + 1];
    // Each evaluation holds a box at least, and at most the category's detections.
    const store = new EvaluationStore(A, T, {
      evaluations: gEnd - g + dEnd - d,
      detections: dEnd - d,
    });
    while (g < gEnd || d < dEnd) {
      const image = Math.min(
        g < gEnd ? task.groundTruthImage[g] : Infinity,
        d < dEnd ? task.detectionImage[d] : Infinity,
      );
      const g0 = g;
      const d0 = d;
      while (g < gEnd && task.groundTruthImage[g] === image) g++;
      while (d < dEnd && task.detectionImage[d] === image) d++;
      evaluateImageCategory(
        params as CocoParams,
        image,
        groundTruth,
        iota.subarray(g0, g),
        batch,
        iota.subarray(d0, d),
        store,
      );
    }
    stores.push(store);
  }
  return {
    categories: task.categories,
    stores: stores.map((store) => store.toParts()),
    accumulation: accumulate(params as CocoParams, stores),
  };
}

/** The buffers of a result, for a zero-copy postMessage. */
export function resultBuffers(result: MatchResult): ArrayBuffer[] {
  const { precision, recall, scores } = result.accumulation;
  return [
    ...result.stores.flatMap(partsBuffers),
    precision.buffer as ArrayBuffer,
    recall.buffer as ArrayBuffer,
    scores.buffer as ArrayBuffer,
  ];
}
