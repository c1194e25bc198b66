import type { CocoGroundTruth } from '../coco/ground-truth.js';
import type { DetectionBatch } from '../coco/results.js';
import { type CocoId, formatId } from '../coco/ids.js';

export interface ConfusionMatrix {
  conf: number;
  iou: number;
  /** Class names in matrix order; the last row and column are "background". */
  names: string[];
  categoryIds: CocoId[];
  /** (K + 1) x (K + 1) counts, row = predicted class, column = true class (Ultralytics' layout). */
  counts: number[][];
  /** counts / (column sum + 1e-9): each true class's column sums to 1 (Ultralytics' normalize=True). */
  normalized: number[][];
}

/** Ultralytics' `box_iou` eps. */
const EPS = 1e-7;

/**
 * Ultralytics' detection confusion matrix (`ConfusionMatrix.process_batch`
 * in ultralytics/utils/metrics.py), image by image: detections with
 * score > conf; every (ground truth, detection) pair with IoU > iou, class
 * ignored; pairs sorted by IoU, keeping each detection's best, then each
 * ground truth's best; a matched ground truth counts at [detected class,
 * true class] (a wrong class is both a false positive and a missed box), an
 * unmatched one at [background, true class], an unmatched detection at
 * [detected class, background]. IoU = intersection / (union + 1e-7) on
 * corner boxes, in float64 (Ultralytics computes in the tensors' float32).
 *
 * Crowd ground truth (`iscrowd`) is left out, as Ultralytics' COCO converter
 * does; detections of categories outside `categoryIds` are dropped. Pairs
 * of equal IoU are taken in reverse (ground truth, detection) order, what
 * `argsort()[::-1]` gives with a stable sort; numpy's default sort is not
 * stable (its SIMD versions), so there Ultralytics' choice varies by machine.
 *
 * @param imageIds the evaluated images
 * @param categoryIds matrix order (pycocotools' sorted catIds)
 */
export function confusionMatrix(
  groundTruth: CocoGroundTruth,
  detectionsByImage: ReadonlyMap<CocoId, DetectionBatch>,
  imageIds: readonly CocoId[],
  categoryIds: readonly CocoId[],
  options: { conf?: number; iou?: number } = {},
): ConfusionMatrix {
  const conf = options.conf ?? 0.25;
  const iou = options.iou ?? 0.45;
  const K = categoryIds.length;
  const classOf = new Map(categoryIds.map((id, index) => [id, index]));
  const counts = Array.from({ length: K + 1 }, () => new Array<number>(K + 1).fill(0));
  const { annotations } = groundTruth;
  for (const imageId of imageIds) {
    const truths: number[] = [];
    for (const index of groundTruth.annotationsByImage.get(imageId) ?? []) {
      if (annotations.iscrowd[index] !== 0 || !classOf.has(annotations.categoryId[index])) continue;
      truths.push(index);
    }
    const batch = detectionsByImage.get(imageId);
    const given: number[] = [];
    for (let d = 0; d < (batch?.count ?? 0); d++) {
      if (classOf.has(batch!.categoryId[d])) given.push(d);
    }
    const trueClass = truths.map((index) => classOf.get(annotations.categoryId[index])!);
    if (given.length === 0) {
      for (const c of trueClass) counts[K][c]++;
      continue;
    }
    const kept = given.filter((d) => batch!.score[d] > conf);
    const detectedClass = kept.map((d) => classOf.get(batch!.categoryId[d])!);
    const matchOfTruth = matchBoxes(annotations.box, truths, batch!.box, kept, iou);
    const matched = new Uint8Array(kept.length);
    trueClass.forEach((c, g) => {
      const d = matchOfTruth[g];
      if (d >= 0) {
        counts[detectedClass[d]][c]++;
        matched[d] = 1;
      } else counts[K][c]++;
    });
    detectedClass.forEach((c, d) => {
      if (!matched[d]) counts[c][K]++;
    });
  }
  const columnSums = counts[0].map((_, column) =>
    counts.reduce((sum, row) => sum + row[column], 0),
  );
  const names = new Map(groundTruth.categories.map((category) => [category.id, category.name]));
  return {
    conf,
    iou,
    names: [...categoryIds.map((id) => names.get(id) ?? formatId(id)), 'background'],
    categoryIds: [...categoryIds],
    counts,
    normalized: counts.map((row) =>
      row.map((value, column) => value / (columnSums[column] + 1e-9)),
    ),
  };
}

/**
 * The match of each ground truth (index into `detections`, or -1): pairs
 * with IoU > threshold, best IoU first; a detection keeps its best pair,
 * then a ground truth keeps its best remaining pair.
 */
function matchBoxes(
  truthBoxes: ArrayLike<number>,
  truths: readonly number[],
  detectionBoxes: ArrayLike<number>,
  detections: readonly number[],
  threshold: number,
): Int32Array {
  const pairs: Array<[number, number, number]> = [];
  truths.forEach((truth, g) => {
    const [tx1, ty1, tx2, ty2] = corners(truthBoxes, truth);
    const truthArea = (tx2 - tx1) * (ty2 - ty1);
    detections.forEach((detection, d) => {
      const [dx1, dy1, dx2, dy2] = corners(detectionBoxes, detection);
      const intersection =
        Math.max(Math.min(tx2, dx2) - Math.max(tx1, dx1), 0) *
        Math.max(Math.min(ty2, dy2) - Math.max(ty1, dy1), 0);
      const value = intersection / (truthArea + (dx2 - dx1) * (dy2 - dy1) - intersection + EPS);
      if (value > threshold) pairs.push([g, d, value]);
    });
  });
  // argsort(iou)[::-1] with a stable sort: equal IoUs come out in reverse order.
  const descending = (list: Array<[number, number, number]>) =>
    list
      .map((pair, index) => ({ pair, index }))
      .sort((p, q) => q.pair[2] - p.pair[2] || q.index - p.index)
      .map((entry) => entry.pair);
  const bestOfDetection = firstOf(descending(pairs), 1).sort((p, q) => p[1] - q[1]);
  const result = new Int32Array(truths.length).fill(-1);
  for (const [g, d] of firstOf(descending(bestOfDetection), 0)) result[g] = d;
  return result;
}

/** The first pair of each distinct value in `column` (np.unique(..., return_index=True)). */
function firstOf(
  pairs: Array<[number, number, number]>,
  column: 0 | 1,
): Array<[number, number, number]> {
  const seen = new Set<number>();
  return pairs.filter((pair) => !seen.has(pair[column]) && seen.add(pair[column]) !== undefined);
}

function corners(boxes: ArrayLike<number>, index: number): [number, number, number, number] {
  const x = boxes[index * 4];
  const y = boxes[index * 4 + 1];
  return [x, y, x + boxes[index * 4 + 2], y + boxes[index * 4 + 3]];
}
