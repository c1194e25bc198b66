import type { Candidates } from './candidates.js';
import type { Detections, InputPlacement } from './types.js';

/** Maps every candidate from model input pixels back to source-image pixels (unclipped). */
export function mapToSource(candidates: Candidates, placement: InputPlacement): void {
  const { boxes } = candidates;
  const { scaleX, scaleY, offsetX, offsetY } = placement;
  for (let at = 0; at < candidates.count * 4; at += 4) {
    boxes[at] = (boxes[at] - offsetX) / scaleX;
    boxes[at + 1] = (boxes[at + 1] - offsetY) / scaleY;
    boxes[at + 2] = (boxes[at + 2] - offsetX) / scaleX;
    boxes[at + 3] = (boxes[at + 3] - offsetY) / scaleY;
  }
}

/**
 * Clips boxes to [0, width] x [0, height] (continuous coordinates) and drops
 * those left with no area, keeping the order of the others.
 */
export function clipAndDropEmpty(candidates: Detections, width: number, height: number): void {
  const { boxes, scores, categories } = candidates;
  let kept = 0;
  for (let index = 0; index < candidates.count; index++) {
    const at = index * 4;
    const x1 = Math.min(Math.max(boxes[at], 0), width);
    const y1 = Math.min(Math.max(boxes[at + 1], 0), height);
    const x2 = Math.min(Math.max(boxes[at + 2], 0), width);
    const y2 = Math.min(Math.max(boxes[at + 3], 0), height);
    if (!(x2 > x1 && y2 > y1)) continue;
    const to = kept * 4;
    boxes[to] = x1;
    boxes[to + 1] = y1;
    boxes[to + 2] = x2;
    boxes[to + 3] = y2;
    scores[kept] = scores[index];
    categories[kept] = categories[index];
    kept++;
  }
  candidates.count = kept;
}

/** Clips boxes to [0, width] x [0, height], keeping every box (yolov5 / Ultralytics `clip_boxes`). */
export function clipBoxes(detections: Detections, width: number, height: number): void {
  const { boxes } = detections;
  for (let at = 0; at < detections.count * 4; at += 4) {
    boxes[at] = Math.min(Math.max(boxes[at], 0), width);
    boxes[at + 1] = Math.min(Math.max(boxes[at + 1], 0), height);
    boxes[at + 2] = Math.min(Math.max(boxes[at + 2], 0), width);
    boxes[at + 3] = Math.min(Math.max(boxes[at + 3], 0), height);
  }
}

/** Drops candidates scoring below `threshold`, keeping the order of the others. */
export function dropBelow(candidates: Detections, threshold: number): void {
  const { boxes, scores, categories } = candidates;
  let kept = 0;
  for (let index = 0; index < candidates.count; index++) {
    if (!(scores[index] >= threshold)) continue;
    if (kept !== index) {
      boxes.copyWithin(kept * 4, index * 4, index * 4 + 4);
      scores[kept] = scores[index];
      categories[kept] = categories[index];
    }
    kept++;
  }
  candidates.count = kept;
}
