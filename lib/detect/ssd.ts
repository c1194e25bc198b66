import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  categoryOf,
  expectRank,
  requireOutput,
} from './decoder.js';
import type { ModelOutputs } from './types.js';

export interface SsdDecoderOptions {
  /** [batch, anchors, 4]: ymin, xmin, ymax, xmax relative to the input, anchors already decoded. */
  boxes: string;
  /** [batch, anchors, classes]: per-class scores (sigmoid), column 0 the background. */
  scores: string;
  inputWidth: number;
  inputHeight: number;
  categories?: CategoryMap;
}

/**
 * The TF Object Detection API SSD before NMS (as the fixture's dequantized
 * ONNX): a candidate for each anchor and each non-background class whose
 * score reaches the threshold.
 */
export class SsdDecoder implements Decoder {
  readonly postNms = false;

  constructor(private readonly options: SsdDecoderOptions) {}

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { inputWidth, inputHeight, categories } = this.options;
    const boxes = requireOutput(outputs, this.options.boxes, 'SSD');
    const scores = requireOutput(outputs, this.options.scores, 'SSD');
    expectRank(boxes, this.options.boxes, 3, 'SSD');
    expectRank(scores, this.options.scores, 3, 'SSD');
    const [, anchors] = boxes.dims;
    const classes = scores.dims[2];
    const boxData = boxes.data;
    const scoreData = scores.data;
    const boxBase = batchIndex * anchors * 4;
    const scoreBase = batchIndex * anchors * classes;
    for (let anchor = 0; anchor < anchors; anchor++) {
      const row = scoreBase + anchor * classes;
      for (let k = 1; k < classes; k++) {
        const score = scoreData[row + k];
        if (!(score >= threshold)) continue;
        const category = categoryOf(categories, k);
        if (category < 0) continue;
        const at = boxBase + anchor * 4;
        into.push(
          boxData[at + 1] * inputWidth,
          boxData[at] * inputHeight,
          boxData[at + 3] * inputWidth,
          boxData[at + 2] * inputHeight,
          score,
          category,
        );
      }
    }
  }
}

export interface NmsTrtDecoderOptions {
  /** [batch, 1, keepTopK, 7]: image, label, confidence, xmin, ymin, xmax, ymax (relative). */
  output: string;
  inputWidth: number;
  inputHeight: number;
  categories?: CategoryMap;
}

/** Outputs of TensorRT's NMS_TRT plugin (the SSD sample's): already suppressed; rows with image id -1 are padding. */
export class NmsTrtDecoder implements Decoder {
  readonly postNms = true;

  constructor(private readonly options: NmsTrtDecoderOptions) {}

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { output: name, inputWidth, inputHeight, categories } = this.options;
    const output = requireOutput(outputs, name, 'NMS_TRT');
    expectRank(output, name, 4, 'NMS_TRT');
    const keep = output.dims[2];
    const data = output.data;
    const base = batchIndex * keep * 7;
    for (let row = 0; row < keep; row++) {
      const at = base + row * 7;
      if (data[at] < 0) break;
      const score = data[at + 2];
      if (!(score >= threshold)) continue;
      const category = categoryOf(categories, data[at + 1]);
      if (category < 0) continue;
      into.push(
        data[at + 3] * inputWidth,
        data[at + 4] * inputHeight,
        data[at + 5] * inputWidth,
        data[at + 6] * inputHeight,
        score,
        category,
      );
    }
  }
}
