import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  bestClassOf,
  categoryOf,
  expectRank,
  requireOutput,
} from './decoder.js';
import type { ModelOutput, ModelOutputs } from './types.js';

export interface SsdDecoderOptions {
  /** [batch, anchors, 4]: ymin, xmin, ymax, xmax relative to the input, anchors already decoded. */
  boxes: string;
  /** [batch, anchors, classes]: per-class scores (sigmoid), column 0 the background. */
  scores: string;
  inputWidth: number;
  inputHeight: number;
  /** Default true (the TF Object Detection API's per-class NMS); false: each anchor's best class only. */
  multiLabel?: boolean;
  categories?: CategoryMap;
}

/**
 * The TF Object Detection API SSD before NMS (as the fixture's dequantized
 * ONNX): a candidate for each anchor and each non-background class whose
 * score reaches the threshold (or its best such class when not multi-label).
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
    const multiLabel = this.options.multiLabel ?? true;
    const push = (anchor: number, score: number, k: number) => {
      const category = categoryOf(categories, k);
      if (category < 0) return;
      const at = boxBase + anchor * 4;
      into.push(
        boxData[at + 1] * inputWidth,
        boxData[at] * inputHeight,
        boxData[at + 3] * inputWidth,
        boxData[at + 2] * inputHeight,
        score,
        category,
      );
    };
    for (let anchor = 0; anchor < anchors; anchor++) {
      const row = scoreBase + anchor * classes;
      if (!multiLabel) {
        // Column 0 is the background: the best of the others.
        const best = 1 + bestClassOf(scoreData, row + 1, classes - 1, 1);
        if (scoreData[row + best] >= threshold) push(anchor, scoreData[row + best], best);
        continue;
      }
      for (let k = 1; k < classes; k++) {
        const score = scoreData[row + k];
        if (score >= threshold) push(anchor, score, k);
      }
    }
  }
}

export interface NmsTrtDecoderOptions {
  /** [batch, 1, keepTopK, 7] (or [batch, keepTopK, 7]): image, label, confidence, xmin, ymin, xmax, ymax (relative). */
  output: string;
  /** [batch, 1, 1, 1]: how many rows of each image are detections, an int32 in a float tensor. */
  keepCount?: string;
  inputWidth: number;
  inputHeight: number;
  categories?: CategoryMap;
}

/**
 * Outputs of TensorRT's NMS_TRT plugin (`plugin/nmsPlugin`, the UFF SSD
 * samples'): already suppressed. Only the first keepCount rows of an image
 * are detections; without the count output, rows stop at image id -1 (the
 * padding the plugin writes).
 */
export class NmsTrtDecoder implements Decoder {
  readonly postNms = true;

  constructor(private readonly options: NmsTrtDecoderOptions) {}

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { output: name, inputWidth, inputHeight, categories } = this.options;
    const output = requireOutput(outputs, name, 'NMS_TRT');
    const keep = output.dims[output.dims.length - 2];
    if (
      output.dims[output.dims.length - 1] !== 7 ||
      (output.dims.length !== 4 && output.dims.length !== 3)
    ) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the NMS_TRT decoder expects output ${JSON.stringify(name)} as [N, 1, keepTopK, 7], got [${output.dims.join(', ')}]`,
      );
    }
    const rows =
      this.options.keepCount === undefined
        ? keep
        : keepCountOf(
            requireOutput(outputs, this.options.keepCount, 'NMS_TRT'),
            this.options.keepCount,
            batchIndex,
            keep,
          );
    const data = output.data;
    const base = batchIndex * keep * 7;
    for (let row = 0; row < rows; row++) {
      const at = base + row * 7;
      if (data[at] < 0) break;
      const score = data[at + 2];
      if (!(score >= threshold)) continue;
      const category = categoryOf(categories, Math.round(data[at + 1]));
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

/**
 * NMS_TRT's keep count: the plugin declares a float output but writes an
 * int32 into it (nmsPlugin's detectionInference; sampleUffSSD reads it back
 * with a reinterpret_cast), so the float's bits are the count. A backend that
 * stored the count as a float value instead is read as that value.
 */
export function keepCountOf(
  output: ModelOutput,
  name: string,
  batchIndex: number,
  keepTopK: number,
): number {
  const { data } = output;
  const value = data[batchIndex];
  if (data instanceof Int32Array) return Math.min(Math.max(value, 0), keepTopK);
  const bits = new Int32Array(data.buffer, data.byteOffset + batchIndex * 4, 1)[0];
  if (bits >= 0 && bits <= keepTopK) return bits;
  if (Number.isInteger(value) && value >= 0 && value <= keepTopK) return value;
  throw new TrtmapError(
    'ERR_SHAPE',
    `the NMS_TRT keep count ${JSON.stringify(name)} of image ${batchIndex} holds neither an int32 nor a float count from 0 to ${keepTopK} (bits ${bits}, value ${value}); check which output is the keep count (--outputs keep-count=<name>)`,
  );
}
