import type { Candidates } from './candidates.js';
import { type CategoryMap, type Decoder, categoryOf, requireOutput } from './decoder.js';
import type { ModelOutputs } from './types.js';

export interface PluginNmsDecoderOptions {
  /** Output names: EfficientNMS_TRT's or BatchedNMS_TRT's (see the two factories). */
  count: string;
  boxes: string;
  scores: string;
  classes: string;
  /** Boxes relative to the input (0..1) rather than in input pixels. */
  normalized: boolean;
  inputWidth: number;
  inputHeight: number;
  categories?: CategoryMap;
}

/**
 * Outputs of TensorRT's EfficientNMS_TRT / BatchedNMS_TRT plugins: a count
 * [batch, 1], boxes [batch, K, 4] as x1, y1, x2, y2, scores and classes
 * [batch, K]; only the first `count` rows of an image are detections.
 */
export class PluginNmsDecoder implements Decoder {
  readonly postNms = true;

  constructor(private readonly options: PluginNmsDecoderOptions) {}

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { inputWidth, inputHeight, categories, normalized } = this.options;
    const count = requireOutput(outputs, this.options.count, 'NMS plugin');
    const boxes = requireOutput(outputs, this.options.boxes, 'NMS plugin');
    const scores = requireOutput(outputs, this.options.scores, 'NMS plugin');
    const classes = requireOutput(outputs, this.options.classes, 'NMS plugin');
    const keep = scores.dims[scores.dims.length - 1];
    const rows = Math.min(count.data[batchIndex], keep);
    const sx = normalized ? inputWidth : 1;
    const sy = normalized ? inputHeight : 1;
    for (let row = 0; row < rows; row++) {
      const at = batchIndex * keep + row;
      const score = scores.data[at];
      if (!(score >= threshold)) continue;
      const category = categoryOf(categories, classes.data[at]);
      if (category < 0) continue;
      const b = at * 4;
      into.push(
        boxes.data[b] * sx,
        boxes.data[b + 1] * sy,
        boxes.data[b + 2] * sx,
        boxes.data[b + 3] * sy,
        score,
        category,
      );
    }
  }
}

type Common = Omit<PluginNmsDecoderOptions, 'count' | 'boxes' | 'scores' | 'classes'>;

/** EfficientNMS_TRT's output names (TensorRT's plugin README). */
export function efficientNmsDecoder(options: Common): PluginNmsDecoder {
  return new PluginNmsDecoder({
    ...options,
    count: 'num_detections',
    boxes: 'detection_boxes',
    scores: 'detection_scores',
    classes: 'detection_classes',
  });
}

/** BatchedNMS_TRT's output names. */
export function batchedNmsDecoder(options: Common): PluginNmsDecoder {
  return new PluginNmsDecoder({
    ...options,
    count: 'num_detections',
    boxes: 'nmsed_boxes',
    scores: 'nmsed_scores',
    classes: 'nmsed_classes',
  });
}
