import type { VocDetection, VocGroundTruthBox } from '../../../lib/metrics/voc/index.js';

/** A ground-truth box; `difficult` defaults to false. */
export function gt(
  imageId: string,
  className: string,
  [x1, y1, x2, y2]: [number, number, number, number],
  difficult = false,
): VocGroundTruthBox {
  return { imageId, className, x1, y1, x2, y2, difficult };
}

export function det(
  imageId: string,
  className: string,
  confidence: number,
  [x1, y1, x2, y2]: [number, number, number, number],
): VocDetection {
  return { imageId, className, confidence, x1, y1, x2, y2 };
}
