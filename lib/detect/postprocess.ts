import { Candidates } from './candidates.js';
import type { Decoder } from './decoder.js';
import { clipAndDropEmpty, clipBoxes, mapToSource } from './geometry.js';
import { type NmsOptions, nonMaximumSuppression, topDetections } from './nms.js';
import type { Detections, InputPlacement, ModelOutputs } from './types.js';

export interface PostprocessOptions {
  /** Candidates scoring below it are never made (0.001 for mAP). */
  scoreThreshold: number;
  /** Ignored for decoders whose outputs are already past NMS. */
  nms: Omit<NmsOptions, 'maxDetections' | 'diouScaleX' | 'diouScaleY'>;
  /**
   * 'before-nms' (trtmap's common rule): clip to the image and drop empty
   * boxes, then NMS. 'after-nms' (darknet): NMS on the unclipped boxes, then
   * clip, dropping boxes left empty (they still suppressed others). 'after-nms-keep'
   * (yolov5 / Ultralytics `scale_boxes` + `clip_boxes`, NanoDet `warp_boxes`):
   * NMS and the top-k on unclipped boxes, then clip, keeping a box clipped to
   * nothing as their results files do. 'none' (YOLOX): never clipped.
   */
  clip: ClipRule;
  /** Detections per image at most, best first (Infinity: no limit, as YOLOX's eval). */
  maxDetections: number;
}

export type ClipRule = 'before-nms' | 'after-nms' | 'after-nms-keep' | 'none';

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
    const { clip } = options;
    if (this.decoder.postNms) {
      mapToSource(candidates, placement);
      if (clip === 'before-nms' || clip === 'after-nms')
        clipAndDropEmpty(candidates, width, height);
      const kept = topDetections(candidates, options.maxDetections);
      if (clip === 'after-nms-keep') clipBoxes(kept, width, height);
      return kept;
    }
    // With IoU, boxes are mapped back (and clipped first, where that is the rule) only as NMS
    // reaches them in score order: the same result as mapping all first, at a fraction of the
    // work for 10^5 candidates. DIoU measures its distances on a copy made up front.
    const lazy = options.nms.kind === 'iou';
    if (!lazy) {
      mapToSource(candidates, placement);
      if (clip === 'before-nms') clipAndDropEmpty(candidates, width, height);
    }
    const clipFirst = clip === 'before-nms';
    const darknet = clip === 'after-nms';
    const kept = nonMaximumSuppression(candidates, {
      ...options.nms,
      diouScaleX: 1 / width,
      diouScaleY: 1 / height,
      maxDetections: options.maxDetections,
      prepare: lazy
        ? (index) => {
            mapBox(candidates.boxes, index, placement);
            return !clipFirst || clipBox(candidates.boxes, index, width, height);
          }
        : undefined,
      // darknet: NMS first, then clip: boxes that clipping would empty still suppress,
      // and the top-k counts only the others, so NMS can stop as soon as it has them.
      isReported: darknet
        ? (index) => overlapsImage(candidates.boxes, index, width, height)
        : undefined,
    });
    if (darknet) clipAndDropEmpty(kept, width, height);
    if (clip === 'after-nms-keep') clipBoxes(kept, width, height);
    return kept;
  }
}

/** One candidate's box from model input pixels to source pixels, in place (mapToSource for one). */
function mapBox(boxes: Float64Array, index: number, placement: InputPlacement): void {
  const { scaleX, scaleY, offsetX, offsetY } = placement;
  const at = index * 4;
  boxes[at] = (boxes[at] - offsetX) / scaleX;
  boxes[at + 1] = (boxes[at + 1] - offsetY) / scaleY;
  boxes[at + 2] = (boxes[at + 2] - offsetX) / scaleX;
  boxes[at + 3] = (boxes[at + 3] - offsetY) / scaleY;
}

/** Clips one box in place (clipAndDropEmpty for one); false when nothing is left of it. */
function clipBox(boxes: Float64Array, index: number, width: number, height: number): boolean {
  const at = index * 4;
  boxes[at] = Math.min(Math.max(boxes[at], 0), width);
  boxes[at + 1] = Math.min(Math.max(boxes[at + 1], 0), height);
  boxes[at + 2] = Math.min(Math.max(boxes[at + 2], 0), width);
  boxes[at + 3] = Math.min(Math.max(boxes[at + 3], 0), height);
  return boxes[at + 2] > boxes[at] && boxes[at + 3] > boxes[at + 1];
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
