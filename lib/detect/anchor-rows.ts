import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  type ScoreComparison,
  bestClassOf,
  categoryOf,
  imageView,
  requireOutput,
  scoreTest,
} from './decoder.js';
import type { ModelOutputs } from './types.js';

export interface AnchorRowsDecoderOptions {
  output: string;
  /**
   * true: YOLOv5/v7 rows cx, cy, w, h, objectness, C class scores (score =
   * objectness x class). false: YOLOv8/YOLO11 cx, cy, w, h, C class scores.
   */
  objectness: boolean;
  /**
   * true: [N, 4 (+1) + C, anchors] (Ultralytics' YOLOv8 export); false:
   * [N, anchors, 4 (+1) + C] (yolov5's export, or a transposed YOLOv8).
   */
  channelsFirst: boolean;
  /** One candidate per (anchor, class) over the threshold rather than per anchor (its best class). */
  multiLabel: boolean;
  /** Default '>' (yolov5 / Ultralytics `non_max_suppression`). */
  comparison?: ScoreComparison;
  categories?: CategoryMap;
}

/**
 * Boxes already decoded in the graph, one per anchor, in input pixels: the
 * candidate rules of yolov5's `utils/general.py` and Ultralytics'
 * `utils/nms.py` `non_max_suppression`. With objectness (yolov5), an anchor
 * is a candidate when obj > conf, and its class scores become obj x cls;
 * without (YOLOv8), when its best class score > conf. Multi-label: every
 * class with score > conf, in (anchor, class) order as `torch.where` lists
 * them; otherwise the first best class. A single-class model is never
 * multi-label (`multi_label &= nc > 1`). Corners are cx -/+ w / 2.
 */
export class AnchorRowsDecoder implements Decoder {
  readonly postNms = false;
  private readonly passes: (score: number, threshold: number) => boolean;

  constructor(private readonly options: AnchorRowsDecoderOptions) {
    this.passes = scoreTest(options.comparison ?? '>');
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { output: name, objectness, channelsFirst, categories } = this.options;
    const what = objectness ? 'YOLOv5' : 'YOLOv8';
    const output = requireOutput(outputs, name, what);
    const { base, dims } = imageView(output, name, 3, batchIndex, what);
    const [channels, anchors] = channelsFirst ? dims : [dims[1], dims[0]];
    const first = objectness ? 5 : 4;
    const classes = channels - first;
    if (classes < 1) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the ${what} decoder expects ${first} + classes values per anchor in output ${JSON.stringify(name)}, got [${output.dims.join(', ')}]`,
      );
    }
    // Strides of one anchor's values and of one value across anchors.
    const step = channelsFirst ? anchors : 1;
    const anchorStride = channelsFirst ? 1 : channels;
    const multiLabel = this.options.multiLabel && classes > 1;
    const { passes } = this;
    const data = output.data;
    for (let anchor = 0; anchor < anchors; anchor++) {
      const at = base + anchor * anchorStride;
      const obj = objectness ? data[at + 4 * step] : 1;
      if (objectness && !passes(obj, threshold)) continue;
      const cls = at + first * step;
      if (multiLabel) {
        for (let k = 0; k < classes; k++) {
          const score = obj * data[cls + k * step];
          if (!passes(score, threshold)) continue;
          const category = categoryOf(categories, k);
          if (category >= 0) pushCentreSize(into, data, at, step, score, category);
        }
        continue;
      }
      const bestClass = bestClassOf(data, cls, classes, step);
      const score = obj * data[cls + bestClass * step];
      if (!passes(score, threshold)) continue;
      const category = categoryOf(categories, bestClass);
      if (category >= 0) pushCentreSize(into, data, at, step, score, category);
    }
  }
}

/** cx, cy, w, h at `at`, `at + step`, ... as corners (Ultralytics' xywh2xyxy). */
function pushCentreSize(
  into: Candidates,
  data: ArrayLike<number>,
  at: number,
  step: number,
  score: number,
  category: number,
): void {
  const cx = data[at];
  const cy = data[at + step];
  const halfWidth = data[at + 2 * step] / 2;
  const halfHeight = data[at + 3 * step] / 2;
  into.push(cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight, score, category);
}
