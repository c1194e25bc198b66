import { TrtmapError } from '../errors.js';
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
  /**
   * Every box may suppress every other, whatever its category (Ultralytics'
   * agnostic=True, YOLOX's class_agnostic); by default only boxes of one
   * category suppress each other.
   */
  classAgnostic?: boolean;
  /**
   * Only the best this many candidates enter NMS (yolov5 / Ultralytics
   * max_nms = 30000: sorted by score, then cut).
   */
  maxCandidates?: number;
  /**
   * Added to the intersection's width and height, not to the areas:
   * tensorrt_demos' `_nms_boxes` (+1, a half-applied pixel convention). 0 by default.
   */
  intersectionOffset?: number;
  /** Detections per image at most, best first (top-k). */
  maxDetections?: number;
  /**
   * darknet's order (NMS, then clip): a kept box for which this is false
   * still suppresses the boxes after it but is left out of the result and
   * of the top-k count (it would be empty once clipped).
   */
  isReported?: (index: number) => boolean;
  /**
   * Called once per candidate as it comes up in score order, before any
   * overlap is measured: it may rewrite the candidate's box (map it back to
   * the image) and returns false to drop the candidate as if it had never
   * been there (a box clipped to nothing). Lets a caller touch only the few
   * hundred candidates NMS reaches out of 10^5. Not with DIoU (its scaled
   * copy of the boxes is made up front).
   */
  prepare?: (index: number) => boolean;
}

/** Candidate indices by descending score; equal scores keep candidate order. */
export function orderByScore(candidates: Candidates, limit = Infinity): Uint32Array {
  const order = new ScoreOrder(candidates.scores, candidates.count);
  const indices = new Uint32Array(Math.min(candidates.count, limit));
  for (let i = 0; i < indices.length; i++) indices[i] = order.next();
  return indices;
}

/**
 * Greedy NMS: in descending score order (ties: the earlier candidate first,
 * as torchvision's stable sort), a candidate is kept unless it overlaps a box
 * already kept for its category (any kept box when class-agnostic) by more
 * than the threshold (strictly: torchvision.ops.nms suppresses IoU >
 * iou_threshold). Comparing only against kept boxes is the same as
 * suppressing with every unsuppressed box (as torchvision's nms_kernel and
 * darknet's do_nms_sort do), and bounds the work by the number kept. A
 * per-class NMS (darknet, TF) and one on boxes offset by class x max_wh
 * (yolov5, Ultralytics, NanoDet's batched_nms) keep the same boxes.
 */
export function nonMaximumSuppression(candidates: Candidates, options: NmsOptions): Detections {
  const order = new ScoreOrder(candidates.scores, candidates.count);
  const maxPerCategory = options.maxPerCategory ?? Infinity;
  const maxDetections = options.maxDetections ?? Infinity;
  const maxCandidates = options.maxCandidates ?? Infinity;
  const overlap = overlapFunction(candidates.boxes, options);
  const keptByCategory = new Map<number, number[]>();
  const kept = new Uint32Array(candidates.count);
  let keptCount = 0;
  let seen = 0;
  for (
    let index = order.next();
    index >= 0 && keptCount < maxDetections && seen < maxCandidates;
    index = order.next()
  ) {
    if (options.prepare !== undefined && !options.prepare(index)) continue;
    seen++;
    const category = options.classAgnostic ? 0 : candidates.categories[index];
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
  const offset = options.intersectionOffset ?? 0;
  if (options.kind === 'iou' && offset !== 0)
    return (a, b) => boxIouWithOffset(boxes, a * 4, b * 4, offset);
  if (options.kind === 'iou') return (a, b) => boxIou(boxes, a * 4, boxes, b * 4);
  if (options.prepare !== undefined)
    throw new TrtmapError('ERR_INTERNAL', 'DIoU NMS needs its boxes prepared up front');
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

/**
 * tensorrt_demos' `_nms_boxes` overlap: `offset` (1) added to the
 * intersection's width and height but not to the boxes' areas.
 */
export function boxIouWithOffset(
  boxes: ArrayLike<number>,
  i: number,
  j: number,
  offset: number,
): number {
  const width = Math.max(
    0,
    Math.min(boxes[i + 2], boxes[j + 2]) - Math.max(boxes[i], boxes[j]) + offset,
  );
  const height = Math.max(
    0,
    Math.min(boxes[i + 3], boxes[j + 3]) - Math.max(boxes[i + 1], boxes[j + 1]) + offset,
  );
  const intersection = width * height;
  const union =
    (boxes[i + 2] - boxes[i]) * (boxes[i + 3] - boxes[i + 1]) +
    (boxes[j + 2] - boxes[j]) * (boxes[j + 3] - boxes[j + 1]) -
    intersection;
  return intersection / union;
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
