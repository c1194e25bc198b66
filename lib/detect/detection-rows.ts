import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  type ScoreComparison,
  categoryOf,
  imageView,
  requireOutput,
  scoreTest,
} from './decoder.js';
import type { ModelOutput, ModelOutputs } from './types.js';

export interface DetectionRowsDecoderOptions {
  /** [N, K, 6]: 4 box values, score, class id (DeepStream-Yolo's `output`, Ultralytics end2end). */
  detections?: string;
  /** Or three outputs: boxes [N, K, 4], scores [N, K(, 1)], classes [N, K(, 1)] (older DeepStream-Yolo). */
  boxes?: string;
  scores?: string;
  classes?: string;
  /** 'xyxy' corners (current DeepStream-Yolo and Ultralytics) or 'cxcywh'. */
  boxFormat: 'xyxy' | 'cxcywh';
  /** Boxes relative to the input (0..1) rather than in input pixels. */
  normalized: boolean;
  inputWidth: number;
  inputHeight: number;
  /**
   * DeepStream-Yolo's `nvdsparsebbox_Yolo.cpp`: clamp corners to the input and
   * drop boxes narrower or lower than 1 pixel.
   */
  clampToInput: boolean;
  /** True when the graph already ran NMS (Ultralytics end2end); DeepStream-Yolo leaves NMS to DeepStream. */
  postNms: boolean;
  /** Default '>=' (DeepStream-Yolo skips scores below pre-cluster-threshold). */
  comparison?: ScoreComparison;
  categories?: CategoryMap;
}

/**
 * One detection per row, one class each: DeepStream-Yolo's exports
 * (`[B, N, 6]` x1, y1, x2, y2, score, class in input pixels; formerly
 * three outputs) and Ultralytics' end-to-end exports (`[1, 300, 6]`).
 */
export class DetectionRowsDecoder implements Decoder {
  readonly postNms: boolean;
  private readonly passes: (score: number, threshold: number) => boolean;

  constructor(private readonly options: DetectionRowsDecoderOptions) {
    this.postNms = options.postNms;
    this.passes = scoreTest(options.comparison ?? '>=');
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const rows = this.rows(outputs, batchIndex);
    const { boxFormat, normalized, inputWidth, inputHeight, clampToInput, categories } =
      this.options;
    const sx = normalized ? inputWidth : 1;
    const sy = normalized ? inputHeight : 1;
    for (let row = 0; row < rows.count; row++) {
      const score = rows.score(row);
      if (!this.passes(score, threshold)) continue;
      const category = categoryOf(categories, Math.round(rows.classId(row)));
      if (category < 0) continue;
      const b = rows.box(row);
      let [x1, y1, x2, y2] =
        boxFormat === 'xyxy'
          ? [b[0], b[1], b[2], b[3]]
          : [b[0] - b[2] / 2, b[1] - b[3] / 2, b[0] + b[2] / 2, b[1] + b[3] / 2];
      [x1, y1, x2, y2] = [x1 * sx, y1 * sy, x2 * sx, y2 * sy];
      if (clampToInput) {
        x1 = Math.min(Math.max(x1, 0), inputWidth);
        y1 = Math.min(Math.max(y1, 0), inputHeight);
        x2 = Math.min(Math.max(x2, 0), inputWidth);
        y2 = Math.min(Math.max(y2, 0), inputHeight);
        if (x2 - x1 < 1 || y2 - y1 < 1) continue;
      }
      into.push(x1, y1, x2, y2, score, category);
    }
  }

  private rows(outputs: ModelOutputs, batchIndex: number): RowAccess {
    const { detections } = this.options;
    if (detections !== undefined) {
      const output = requireOutput(outputs, detections, 'detection rows');
      const { base, dims } = imageView(output, detections, 3, batchIndex, 'detection rows');
      const [count, width] = dims;
      if (width < 6) {
        throw new TrtmapError(
          'ERR_SHAPE',
          `the detection rows decoder expects [N, K, 6] (box, score, class) in output ${JSON.stringify(detections)}, got [${output.dims.join(', ')}]`,
        );
      }
      const data = output.data;
      return {
        count,
        box: (row) => data.subarray(base + row * width, base + row * width + 4),
        score: (row) => data[base + row * width + 4],
        classId: (row) => data[base + row * width + 5],
      };
    }
    const { boxes, scores, classes } = this.options;
    if (boxes === undefined || scores === undefined || classes === undefined) {
      throw new TrtmapError(
        'ERR_SHAPE',
        'the detection rows decoder needs a detections output, or boxes, scores and classes outputs',
      );
    }
    const box = column(requireOutput(outputs, boxes, 'detection rows'), boxes, batchIndex, 4);
    const score = column(requireOutput(outputs, scores, 'detection rows'), scores, batchIndex, 1);
    const klass = column(requireOutput(outputs, classes, 'detection rows'), classes, batchIndex, 1);
    return {
      count: box.count,
      box: (row) => box.data.subarray(box.base + row * 4, box.base + row * 4 + 4),
      score: (row) => score.data[score.base + row],
      classId: (row) => klass.data[klass.base + row],
    };
  }
}

interface RowAccess {
  count: number;
  box(row: number): ArrayLike<number>;
  score(row: number): number;
  classId(row: number): number;
}

/** [N, K, width] or [N, K] (width 1) for one image. */
function column(output: ModelOutput, name: string, batchIndex: number, width: number) {
  const rank = width === 1 && output.dims[output.dims.length - 1] !== 1 ? 2 : 3;
  const { base, dims } = imageView(output, name, rank, batchIndex, 'detection rows');
  if (rank === 3 && dims[1] !== width) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the detection rows decoder expects ${width} value(s) per row in output ${JSON.stringify(name)}, got [${output.dims.join(', ')}]`,
    );
  }
  return { data: output.data, base, count: dims[0] };
}
