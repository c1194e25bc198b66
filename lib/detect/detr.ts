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
  sigmoid,
} from './decoder.js';
import type { ModelOutputs } from './types.js';

export interface DetrDecoderOptions {
  /** [N, queries, 4]: cx, cy, w, h relative to the input (DETR's `pred_boxes`). */
  boxes: string;
  /** [N, queries, classes (+ 1)]: class logits (DETR's `pred_logits`). */
  logits: string;
  /**
   * 'softmax' (DETR: the last class is "no object" and is left out) or
   * 'sigmoid' (Deformable DETR, RT-DETR: no such class).
   */
  activation: 'softmax' | 'sigmoid';
  /** One candidate per (query, class) rather than per query (its best class). */
  multiLabel: boolean;
  inputWidth: number;
  inputHeight: number;
  comparison?: ScoreComparison;
  categories?: CategoryMap;
}

/**
 * Set-prediction outputs with no NMS, as DETR's `PostProcess`
 * (models/detr.py) reads them: softmax over the classes, drop "no object",
 * best class per query; boxes cx, cy, w, h scaled by the input size (equal to
 * DETR's scaling by the image size when the input is a plain resize).
 */
export class DetrDecoder implements Decoder {
  readonly postNms = true;
  private readonly passes: (score: number, threshold: number) => boolean;
  private probabilities = new Float64Array(0);

  constructor(private readonly options: DetrDecoderOptions) {
    this.passes = scoreTest(options.comparison ?? '>=');
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { activation, multiLabel, inputWidth, inputHeight, categories } = this.options;
    const boxOutput = requireOutput(outputs, this.options.boxes, 'DETR');
    const logitOutput = requireOutput(outputs, this.options.logits, 'DETR');
    const box = imageView(boxOutput, this.options.boxes, 3, batchIndex, 'DETR');
    const logit = imageView(logitOutput, this.options.logits, 3, batchIndex, 'DETR');
    const [queries, width] = logit.dims;
    const classes = activation === 'softmax' ? width - 1 : width;
    if (box.dims[0] !== queries || box.dims[1] !== 4 || classes < 1) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the DETR decoder expects boxes [N, Q, 4] and logits [N, Q, classes${activation === 'softmax' ? ' + 1' : ''}], got [${boxOutput.dims.join(', ')}] and [${logitOutput.dims.join(', ')}]`,
      );
    }
    if (this.probabilities.length < width) this.probabilities = new Float64Array(width);
    const p = this.probabilities;
    for (let query = 0; query < queries; query++) {
      activate(logitOutput.data, logit.base + query * width, width, activation, p);
      const at = box.base + query * 4;
      const cx = boxOutput.data[at] * inputWidth;
      const cy = boxOutput.data[at + 1] * inputHeight;
      const halfWidth = (boxOutput.data[at + 2] * inputWidth) / 2;
      const halfHeight = (boxOutput.data[at + 3] * inputHeight) / 2;
      const push = (k: number) => {
        const category = categoryOf(categories, k);
        if (category >= 0)
          into.push(
            cx - halfWidth,
            cy - halfHeight,
            cx + halfWidth,
            cy + halfHeight,
            p[k],
            category,
          );
      };
      if (multiLabel) {
        for (let k = 0; k < classes; k++) if (this.passes(p[k], threshold)) push(k);
        continue;
      }
      const best = bestClassOf(p, 0, classes, 1);
      if (this.passes(p[best], threshold)) push(best);
    }
  }
}

function activate(
  data: ArrayLike<number>,
  at: number,
  width: number,
  activation: 'softmax' | 'sigmoid',
  into: Float64Array,
): void {
  if (activation === 'sigmoid') {
    for (let k = 0; k < width; k++) into[k] = sigmoid(data[at + k]);
    return;
  }
  let max = -Infinity;
  for (let k = 0; k < width; k++) max = Math.max(max, data[at + k]);
  let sum = 0;
  for (let k = 0; k < width; k++) sum += into[k] = Math.exp(data[at + k] - max);
  for (let k = 0; k < width; k++) into[k] /= sum;
}
