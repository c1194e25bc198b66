import type { Candidates } from './candidates.js';
import { ScoreOrder } from './score-order.js';
import type { Detections } from './types.js';

export interface NmsOptions {
  /** A later box is suppressed when its overlap with a kept box of its category exceeds this. */
  iouThreshold: number;
  /**
   * 'iou': plain IoU. 'diou': darknet's DIoU, IoU - (d^2 / c^2)^beta, with d
   * the distance of the centres and c the diagonal of the enclosing box
   * (box_diou / box_diounms in AlexeyAB darknet's box.c).
   */
  kind: 'iou' | 'diou';
  /** DIoU exponent (darknet's greedynms fixes 0.6; diounms uses beta_nms). */
  beta?: number;
  /**
   * DIoU is not scale-invariant: darknet measures it in coordinates relative to
   * the image, so pass 1/width and 1/height of the source image here.
   */
  diouScaleX?: number;
  diouScaleY?: number;
  /** Kept boxes per category at most (TF Object Detection API's max_detections_per_class). */
  maxPerCategory?: number;
  /** Detections per image at most, best first (top-k). */
  maxDetections?: number;
  /**
   * darknet's order (NMS, then clip): a kept box for which this is false
   * still suppresses the boxes after it but is left out of the result and
   * of the top-k count (it would be empty once clipped).
   */
  isReported?: (index: number) => boolean;
}

/** Candidate indices by descending score; equal scores keep candidate order. */
export function orderByScore(candidates: Candidates, limit = Infinity): Uint32Array {
  const order = new ScoreOrder(candidates.scores, candidates.count);
  const indices = new Uint32Array(Math.min(candidates.count, limit));
  for (let i = 0; i < indices.length; i++) indices[i] = order.next();
  return indices;
}

/**
 * Class-aware greedy NMS: in descending score order (ties: the earlier
 * candidate first), a candidate is kept unless it overlaps a box already kept
 * for its category by more than the threshold. Comparing only against kept
 * boxes is the same as suppressing with every unsuppressed box (as darknet's
 * do_nms_sort / diounms_sort do), and bounds the work by the number kept.
 */
export function nonMaximumSuppression(candidates: Candidates, options: NmsOptions): Detections {
  const order = new ScoreOrder(candidates.scores, candidates.count);
  const maxPerCategory = options.maxPerCategory ?? Infinity;
  const maxDetections = options.maxDetections ?? Infinity;
  const overlap = overlapFunction(candidates.boxes, options);
  const keptByCategory = new Map<number, number[]>();
  const kept = new Uint32Array(candidates.count);
  let keptCount = 0;
  for (let index = order.next(); index >= 0 && keptCount < maxDetections; index = order.next()) {
    const category = candidates.categories[index];
    let same = keptByCategory.get(category);
    if (same === undefined) keptByCategory.set(category, (same = []));
    if (same.length >= maxPerCategory) continue;
    let suppressed = false;
    for (let k = 0; k < same.length && !suppressed; k++) {
      suppressed = overlap(same[k], index) > options.iouThreshold;
    }
    if (suppressed) continue;
    same.push(index);
    if (options.isReported === undefined || options.isReported(index)) kept[keptCount++] = index;
  }
  return candidates.pick(kept, keptCount);
}

/** The candidates best first, at most `maxDetections` (for outputs already past NMS). */
export function topDetections(candidates: Candidates, maxDetections = Infinity): Detections {
  const order = orderByScore(candidates, maxDetections);
  return candidates.pick(order);
}

function overlapFunction(
  boxes: Float64Array,
  options: NmsOptions,
): (a: number, b: number) => number {
  if (options.kind === 'iou') return (a, b) => boxIou(boxes, a * 4, boxes, b * 4);
  const beta = options.beta ?? 0.6;
  const sx = options.diouScaleX ?? 1;
  const sy = options.diouScaleY ?? 1;
  const scaled = new Float64Array(boxes.length);
  for (let i = 0; i < boxes.length; i += 2) {
    scaled[i] = boxes[i] * sx;
    scaled[i + 1] = boxes[i + 1] * sy;
  }
  return (a, b) => boxDiou(scaled, a * 4, b * 4, beta);
}

/** IoU of two [x1, y1, x2, y2] boxes in continuous coordinates; 0 without overlap or area. */
export function boxIou(a: ArrayLike<number>, i: number, b: ArrayLike<number>, j: number): number {
  const width = Math.min(a[i + 2], b[j + 2]) - Math.max(a[i], b[j]);
  const height = Math.min(a[i + 3], b[j + 3]) - Math.max(a[i + 1], b[j + 1]);
  if (width <= 0 || height <= 0) return 0;
  const intersection = width * height;
  const union =
    (a[i + 2] - a[i]) * (a[i + 3] - a[i + 1]) +
    (b[j + 2] - b[j]) * (b[j + 3] - b[j + 1]) -
    intersection;
  return union > 0 ? intersection / union : 0;
}

/** darknet's box_diounms on corner boxes: IoU - (d^2 / c^2)^beta; plain IoU when c is 0. */
export function boxDiou(boxes: ArrayLike<number>, i: number, j: number, beta: number): number {
  const iou = boxIou(boxes, i, boxes, j);
  const enclosingWidth = Math.max(boxes[i + 2], boxes[j + 2]) - Math.min(boxes[i], boxes[j]);
  const enclosingHeight =
    Math.max(boxes[i + 3], boxes[j + 3]) - Math.min(boxes[i + 1], boxes[j + 1]);
  const c = enclosingWidth * enclosingWidth + enclosingHeight * enclosingHeight;
  if (c === 0) return iou;
  const dx = (boxes[i] + boxes[i + 2] - boxes[j] - boxes[j + 2]) / 2;
  const dy = (boxes[i + 1] + boxes[i + 3] - boxes[j + 1] - boxes[j + 3]) / 2;
  return iou - Math.pow((dx * dx + dy * dy) / c, beta);
}
