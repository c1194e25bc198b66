/**
 * `bbIou` of pycocotools' maskApi.c: IoU of every detection with every
 * ground-truth box, [x, y, w, h] boxes; for a crowd ground truth the union is
 * the detection's own area. Operation order follows the C source so that the
 * doubles come out identical.
 *
 * @param detectionOrder indices into `detectionBoxes`, of which the first `detections` count
 * @param groundTruthOrder indices into `groundTruthBoxes` (G of them)
 * @param out where to write when large enough (reused to spare allocations)
 * @returns D x G row-major IoUs
 */
export function boxIou(
  detectionBoxes: ArrayLike<number>,
  detectionOrder: ArrayLike<number>,
  detections: number,
  groundTruthBoxes: ArrayLike<number>,
  groundTruthOrder: ArrayLike<number>,
  crowd: ArrayLike<number>,
  out?: Float64Array,
): Float64Array {
  const groundTruths = groundTruthOrder.length;
  const ious =
    out !== undefined && out.length >= detections * groundTruths
      ? out.fill(0, 0, detections * groundTruths)
      : new Float64Array(detections * groundTruths);
  for (let g = 0; g < groundTruths; g++) {
    const gi = groundTruthOrder[g] * 4;
    const gx = groundTruthBoxes[gi];
    const gy = groundTruthBoxes[gi + 1];
    const gw = groundTruthBoxes[gi + 2];
    const gh = groundTruthBoxes[gi + 3];
    const groundTruthArea = gw * gh;
    const isCrowd = crowd[g] !== 0;
    for (let d = 0; d < detections; d++) {
      const di = detectionOrder[d] * 4;
      const dx = detectionBoxes[di];
      const dy = detectionBoxes[di + 1];
      const dw = detectionBoxes[di + 2];
      const dh = detectionBoxes[di + 3];
      const detectionArea = dw * dh;
      const w = Math.min(dw + dx, gw + gx) - Math.max(dx, gx);
      if (w <= 0) continue;
      const h = Math.min(dh + dy, gh + gy) - Math.max(dy, gy);
      if (h <= 0) continue;
      const intersection = w * h;
      const union = isCrowd ? detectionArea : detectionArea + groundTruthArea - intersection;
      ious[d * groundTruths + g] = intersection / union;
    }
  }
  return ious;
}
