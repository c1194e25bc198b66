import { Candidates } from './candidates.js';
import type { Decoder } from './decoder.js';
import { clipAndDropEmpty, mapToSource } from './geometry.js';
import { type NmsOptions, nonMaximumSuppression, topDetections } from './nms.js';
import type { Detections, InputPlacement, ModelOutputs } from './types.js';

export interface PostprocessOptions {
  /** Candidates scoring below it are never made (0.001 for mAP). */
  scoreThreshold: number;
  /** Ignored for decoders whose outputs are already past NMS. */
  nms: Omit<NmsOptions, 'maxDetections' | 'diouScaleX' | 'diouScaleY'>;
  /**
   * 'before-nms' (the common rule): clip to the image and drop empty boxes,
   * then NMS. 'after-nms' (darknet): NMS on the unclipped boxes, then clip.
   */
  clip: 'before-nms' | 'after-nms';
  /** Detections per image at most, best first. */
  maxDetections: number;
}

/**
 * Raw outputs of one image -> its final detections in source pixels: decode,
 * map back through the preprocessing placement, clip, NMS, top-k. Reuses one
 * candidate buffer, so make one Postprocessor per concurrent user.
 */
export class Postprocessor {
  private readonly candidates = new Candidates();

  constructor(
    readonly decoder: Decoder,
    readonly options: PostprocessOptions,
  ) {}

  run(outputs: ModelOutputs, batchIndex: number, placement: InputPlacement): Detections {
    const { candidates, options } = this;
    const { sourceWidth: width, sourceHeight: height } = placement;
    candidates.clear();
    this.decoder.decode(outputs, batchIndex, options.scoreThreshold, candidates);
    mapToSource(candidates, placement);
    if (this.decoder.postNms) {
      clipAndDropEmpty(candidates, width, height);
      return topDetections(candidates, options.maxDetections);
    }
    const clipFirst = options.clip === 'before-nms';
    if (clipFirst) clipAndDropEmpty(candidates, width, height);
    const kept = nonMaximumSuppression(candidates, {
      ...options.nms,
      diouScaleX: 1 / width,
      diouScaleY: 1 / height,
      maxDetections: options.maxDetections,
      // NMS first, then clip: boxes that clipping would empty still suppress, and the
      // top-k counts only the others, so NMS can stop as soon as it has them.
      isReported: clipFirst
        ? undefined
        : (index) => overlapsImage(candidates.boxes, index, width, height),
    });
    if (!clipFirst) clipAndDropEmpty(kept, width, height);
    return kept;
  }
}

/** Whether a box keeps some area once clipped to [0, width] x [0, height]. */
function overlapsImage(boxes: Float64Array, index: number, width: number, height: number): boolean {
  const at = index * 4;
  const x1 = Math.min(Math.max(boxes[at], 0), width);
  const x2 = Math.min(Math.max(boxes[at + 2], 0), width);
  const y1 = Math.min(Math.max(boxes[at + 1], 0), height);
  const y2 = Math.min(Math.max(boxes[at + 3], 0), height);
  return x2 > x1 && y2 > y1;
}
