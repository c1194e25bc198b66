import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  type ScoreComparison,
  categoryOf,
  requireOutput,
  scoreTest,
} from './decoder.js';
import type { ModelOutput, ModelOutputs } from './types.js';

export interface YoloLayerDecoderOptions {
  /** One `detections` output, or (engines before 2021-08) one output per YOLO layer. */
  outputs: readonly string[];
  inputWidth: number;
  inputHeight: number;
  /** Default '>=' (tensorrt_demos' `_postprocess_yolo`: box_conf x class_prob >= conf_th). */
  comparison?: ScoreComparison;
  categories?: CategoryMap;
}

/** Floats per record of jkjung-avt/tensorrt_demos' `Yolo::Detection`. */
const recordSize = 7;

/**
 * Outputs of tensorrt_demos' `yolo_layer` plugin (`plugins/yolo_layer.cu`
 * CalDetection): one 7-float record per grid cell and anchor: x, y of the
 * top-left corner and w, h, all as fractions of the input, box confidence,
 * class id (as a float), class probability. Score = box confidence x class
 * probability, as `utils/yolo_with_plugins.py` `_postprocess_yolo` computes
 * it; each record names one class (the best one), so this is never
 * multi-label. An output of rank 4 or 2 leads with the batch; the plugin's
 * implicit-batch output [records x 7, 1, 1] holds one image.
 */
export class YoloLayerDecoder implements Decoder {
  readonly postNms = false;
  private readonly passes: (score: number, threshold: number) => boolean;

  constructor(private readonly options: YoloLayerDecoderOptions) {
    this.passes = scoreTest(options.comparison ?? '>=');
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { inputWidth, inputHeight, categories } = this.options;
    for (const name of this.options.outputs) {
      const { data, base, records } = recordsOf(
        requireOutput(outputs, name, 'yolo_layer'),
        name,
        batchIndex,
      );
      for (let record = 0; record < records; record++) {
        const at = base + record * recordSize;
        const score = data[at + 4] * data[at + 6];
        if (!this.passes(score, threshold)) continue;
        const category = categoryOf(categories, Math.round(data[at + 5]));
        if (category < 0) continue;
        const x1 = data[at] * inputWidth;
        const y1 = data[at + 1] * inputHeight;
        into.push(
          x1,
          y1,
          x1 + data[at + 2] * inputWidth,
          y1 + data[at + 3] * inputHeight,
          score,
          category,
        );
      }
    }
  }
}

function recordsOf(output: ModelOutput, name: string, batchIndex: number) {
  const { dims, data } = output;
  const implicitBatch = dims.length <= 1 || (dims.length === 3 && dims[1] === 1 && dims[2] === 1);
  const batch = implicitBatch ? 1 : dims[0];
  const perImage = data.length / batch;
  if (!Number.isInteger(perImage) || perImage % recordSize !== 0 || batchIndex >= batch) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the yolo_layer decoder expects records of ${recordSize} floats per image in output ${JSON.stringify(name)}, got [${dims.join(', ')}]`,
    );
  }
  return { data, base: batchIndex * perImage, records: perImage / recordSize };
}
