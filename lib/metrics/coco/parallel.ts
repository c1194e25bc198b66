import { Worker } from 'node:worker_threads';
import { TrtmapError } from '../../errors.js';
import type { CocoAccumulation } from './accumulate.js';
import { EvaluationStore } from './evaluation-store.js';
import type { MatchGroundTruth } from './evaluate-image.js';
import type { MatchParams, MatchResult, MatchTask } from './match-task.js';
import type { CocoParams } from './params.js';
import type { DetectionBatch } from './results.js';

/** What the evaluator hands over: its parameters, indexes and the detections of each image. */
export interface ParallelInputs {
  params: CocoParams;
  annotations: MatchGroundTruth;
  /** `_gts` per image id, then per category id (resolved annotation indices). */
  groundTruthByImage: ReadonlyMap<unknown, ReadonlyMap<unknown, readonly number[]>>;
  categoryPosition: ReadonlyMap<unknown, number>;
  /** An image's detections, or undefined when it has none. */
  detectionsOf: (imageId: unknown) => DetectionBatch | undefined;
}

export interface ParallelEvaluation {
  /** One store per category position, as the single-threaded evaluator fills them. */
  stores: EvaluationStore[];
  accumulation: CocoAccumulation;
}

/**
 * pycocotools' `evaluate()` + `accumulate()` (useCats on) across `threads`
 * worker threads: each thread takes whole categories (balanced by their
 * number of boxes), matches every image of them and accumulates them; the
 * main thread only packs the boxes and scatters the results. Categories are
 * independent in COCOeval, so the stores and the accumulation equal the
 * single-threaded ones bit for bit.
 *
 * Throws ERR_INTERNAL when a worker fails (it names the worker's error).
 */
export async function evaluateInWorkers(
  inputs: ParallelInputs,
  threads: number,
): Promise<ParallelEvaluation> {
  const { params } = inputs;
  const K = params.catIds.length;
  const counts = countBoxes(inputs);
  const assignment = assignCategories(counts.groundTruths, counts.detections, threads);
  const tasks = packTasks(inputs, counts, assignment);
  const results = await Promise.all(tasks.map(runInWorker));

  const A = params.areaRng.length;
  const T = params.iouThrs.length;
  const R = params.recThrs.length;
  const M = params.maxDets.length;
  const stores = Array.from({ length: K }, () => new EvaluationStore(A, T));
  const accumulation: CocoAccumulation = {
    counts: [T, R, K, A, M],
    precision: new Float64Array(T * R * K * A * M).fill(-1),
    recall: new Float64Array(T * K * A * M).fill(-1),
    scores: new Float64Array(T * R * K * A * M).fill(-1),
  };
  for (const result of results) {
    const Kw = result.categories.length;
    const local = result.accumulation;
    result.categories.forEach((k, c) => {
      stores[k] = EvaluationStore.fromParts(result.stores[c]);
      // Copy the [A][M] blocks of category c into position k (plain loops: a
      // subarray per block would be millions of objects at 1,000 categories).
      const block = A * M;
      for (let t = 0; t < T; t++) {
        for (let r = 0; r < R; r++) {
          const from = ((t * R + r) * Kw + c) * block;
          const to = ((t * R + r) * K + k) * block;
          for (let i = 0; i < block; i++) {
            accumulation.precision[to + i] = local.precision[from + i];
            accumulation.scores[to + i] = local.scores[from + i];
          }
        }
        const from = (t * Kw + c) * block;
        const to = (t * K + k) * block;
        for (let i = 0; i < block; i++) accumulation.recall[to + i] = local.recall[from + i];
      }
    });
  }
  return { stores, accumulation };
}

interface BoxCounts {
  groundTruths: Int32Array;
  detections: Int32Array;
  /** Category position of every detection of the evaluated images, in image order (-1: not evaluated). */
  detectionCategory: Int32Array;
}

function countBoxes(inputs: ParallelInputs): BoxCounts {
  const { params, categoryPosition } = inputs;
  const K = params.catIds.length;
  const groundTruths = new Int32Array(K);
  const detections = new Int32Array(K);
  let total = 0;
  for (const imageId of params.imgIds) total += inputs.detectionsOf(imageId)?.count ?? 0;
  const detectionCategory = new Int32Array(total);
  let n = 0;
  for (const imageId of params.imgIds) {
    for (const [categoryId, list] of inputs.groundTruthByImage.get(imageId) ?? []) {
      groundTruths[categoryPosition.get(categoryId)!] += list.length;
    }
    const batch = inputs.detectionsOf(imageId);
    for (let d = 0; d < (batch?.count ?? 0); d++) {
      const k = categoryPosition.get(batch!.categoryId[d]) ?? -1;
      detectionCategory[n++] = k;
      if (k >= 0) detections[k]++;
    }
  }
  return { groundTruths, detections, detectionCategory };
}

interface Assignment {
  /** Worker of each category position, -1 for a category without boxes. */
  workerOf: Int32Array;
  /** Categories of each worker, ascending. */
  categories: Int32Array[];
}

/** Longest-processing-time-first: the largest category goes to the least loaded worker. */
function assignCategories(
  groundTruths: Int32Array,
  detections: Int32Array,
  threads: number,
): Assignment {
  const K = groundTruths.length;
  const cost = (k: number) => groundTruths[k] + detections[k];
  const order = Array.from({ length: K }, (_, k) => k)
    .filter((k) => cost(k) > 0)
    .sort((p, q) => cost(q) - cost(p) || p - q);
  const workers = Math.max(1, Math.min(threads, order.length));
  const load = new Float64Array(workers);
  const lists: number[][] = Array.from({ length: workers }, () => []);
  const workerOf = new Int32Array(K).fill(-1);
  for (const k of order) {
    let w = 0;
    for (let i = 1; i < workers; i++) if (load[i] < load[w]) w = i;
    load[w] += cost(k);
    lists[w].push(k);
    workerOf[k] = w;
  }
  return {
    workerOf,
    categories: lists
      .filter((list) => list.length > 0)
      .map((list) => Int32Array.from(list.sort((p, q) => p - q))),
  };
}

/** Packs each worker's categories: ground truths and detections contiguous per category, in image order. */
function packTasks(inputs: ParallelInputs, counts: BoxCounts, assignment: Assignment): MatchTask[] {
  const { params, annotations, categoryPosition } = inputs;
  const K = params.catIds.length;
  const { categories } = assignment;
  const { detectionCategory } = counts;
  const gtCursor = new Int32Array(K);
  const dtCursor = new Int32Array(K);
  const { iouThrs, recThrs, maxDets, areaRng, areaRngLbl, useCats } = params;
  const matchParams: MatchParams = { iouThrs, recThrs, maxDets, areaRng, areaRngLbl, useCats };
  const tasks = categories.map((list) => {
    const groundTruthStart = new Int32Array(list.length + 1);
    const detectionStart = new Int32Array(list.length + 1);
    list.forEach((k, c) => {
      gtCursor[k] = groundTruthStart[c];
      dtCursor[k] = detectionStart[c];
      groundTruthStart[c + 1] = groundTruthStart[c] + counts.groundTruths[k];
      detectionStart[c + 1] = detectionStart[c] + counts.detections[k];
    });
    const G = groundTruthStart[list.length];
    const D = detectionStart[list.length];
    return {
      params: matchParams,
      categories: list,
      groundTruthStart,
      groundTruthImage: new Int32Array(G),
      groundTruthBox: new Float64Array(G * 4),
      groundTruthArea: new Float64Array(G),
      groundTruthCrowd: new Float64Array(G),
      groundTruthId: new Float64Array(G),
      detectionStart,
      detectionImage: new Int32Array(D),
      detectionScore: new Float64Array(D),
      detectionBox: new Float64Array(D * 4),
    } satisfies MatchTask;
  });
  let n = 0;
  params.imgIds.forEach((imageId, position) => {
    for (const [categoryId, list] of inputs.groundTruthByImage.get(imageId) ?? []) {
      const k = categoryPosition.get(categoryId)!;
      const task = tasks[assignment.workerOf[k]];
      for (const index of list) {
        const p = gtCursor[k]++;
        task.groundTruthImage[p] = position;
        for (let axis = 0; axis < 4; axis++)
          task.groundTruthBox[p * 4 + axis] = annotations.box[index * 4 + axis];
        task.groundTruthArea[p] = annotations.area[index];
        task.groundTruthCrowd[p] = annotations.iscrowd[index];
        task.groundTruthId[p] = annotations.id[index] !== 0 ? 1 : 0;
      }
    }
    const batch = inputs.detectionsOf(imageId);
    for (let d = 0; d < (batch?.count ?? 0); d++) {
      const k = detectionCategory[n++];
      if (k < 0) continue;
      const task = tasks[assignment.workerOf[k]];
      const p = dtCursor[k]++;
      task.detectionImage[p] = position;
      task.detectionScore[p] = batch!.score[d];
      for (let axis = 0; axis < 4; axis++)
        task.detectionBox[p * 4 + axis] = batch!.box[d * 4 + axis];
    }
  });
  return tasks;
}

/** Runs one task on a fresh worker thread, its input buffers transferred. */
function runInWorker(task: MatchTask): Promise<MatchResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./match-worker.js', import.meta.url));
    let settled = false;
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      void worker.terminate();
      reject(new TrtmapError('ERR_INTERNAL', `a scoring worker thread failed: ${message}`));
    };
    worker.once('error', (error) => fail(error.stack ?? error.message));
    worker.once('exit', (code) => fail(`it exited with code ${code} before answering`));
    worker.once('message', (message: { result?: MatchResult; error?: string }) => {
      if (!message.result) return fail(message.error ?? 'no result');
      settled = true;
      void worker.terminate();
      resolve(message.result);
    });
    const buffers = [
      task.categories,
      task.groundTruthStart,
      task.groundTruthImage,
      task.groundTruthBox,
      task.groundTruthArea,
      task.groundTruthCrowd,
      task.groundTruthId,
      task.detectionStart,
      task.detectionImage,
      task.detectionScore,
      task.detectionBox,
    ].map((array) => array.buffer as ArrayBuffer);
    worker.postMessage(task, buffers);
  });
}
