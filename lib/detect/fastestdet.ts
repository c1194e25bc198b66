import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  bestClassOf,
  categoryOf,
  expectRank,
  requireOutput,
  sigmoid,
} from './decoder.js';
import type { ModelOutputs } from './types.js';

export interface FastestDetDecoderOptions {
  output: string;
  inputWidth: number;
  inputHeight: number;
  /** Default false (the authors' example: the best class); true: each class scored obj^0.6 x cls^0.4. */
  multiLabel?: boolean;
  categories?: CategoryMap;
}

/**
 * The FastestDet anchor-free head ([batch, 5 + classes, rows, columns]),
 * after the authors' onnx-runtime example: per cell, channel 0 is the
 * objectness (already a sigmoid), score = obj^0.6 * max_class^0.4 with the
 * class the first arg-max, cx = (column + tanh(c1)) / columns,
 * cy = (row + tanh(c2)) / rows, w = sigmoid(c3), h = sigmoid(c4), all
 * relative to the input.
 */
export class FastestDetDecoder implements Decoder {
  readonly postNms = false;

  constructor(private readonly options: FastestDetDecoderOptions) {}

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { output: name, inputWidth, inputHeight, categories } = this.options;
    const output = requireOutput(outputs, name, 'FastestDet');
    expectRank(output, name, 4, 'FastestDet');
    const [, channels, rows, columns] = output.dims;
    const plane = rows * columns;
    const data = output.data;
    const base = batchIndex * channels * plane;
    const box = (at: number, cell: number): [number, number, number, number] => {
      const column = cell % columns;
      const row = (cell - column) / columns;
      const cx = ((column + Math.tanh(data[at + plane])) / columns) * inputWidth;
      const cy = ((row + Math.tanh(data[at + 2 * plane])) / rows) * inputHeight;
      const w = sigmoid(data[at + 3 * plane]) * inputWidth;
      const h = sigmoid(data[at + 4 * plane]) * inputHeight;
      return [cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2];
    };
    for (let cell = 0; cell < plane; cell++) {
      const at = base + cell;
      if (this.options.multiLabel) {
        const objectness = Math.pow(data[at], 0.6);
        for (let k = 0; k < channels - 5; k++) {
          const score = objectness * Math.pow(data[at + (5 + k) * plane], 0.4);
          const category = categoryOf(categories, k);
          if (score >= threshold && category >= 0) into.push(...box(at, cell), score, category);
        }
        continue;
      }
      const bestClass = bestClassOf(data, at + 5 * plane, channels - 5, plane);
      const best = data[at + (5 + bestClass) * plane];
      const score = Math.pow(data[at], 0.6) * Math.pow(best, 0.4);
      if (!(score >= threshold)) continue;
      const category = categoryOf(categories, bestClass);
      if (category < 0) continue;
      into.push(...box(at, cell), score, category);
    }
  }
}
