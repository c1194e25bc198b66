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
import { type GridLevel, gridLevels } from './grid.js';
import type { ModelOutputs } from './types.js';

export interface YoloxDecoderOptions {
  /** [N, cells, 5 + C]: raw x, y, w, h, objectness and class scores (already sigmoid). */
  output: string;
  inputWidth: number;
  inputHeight: number;
  /** Default: [8, 16, 32] or [8, 16, 32, 64], whichever fits the cell count. */
  strides?: readonly number[];
  multiLabel: boolean;
  /** Default '>=' (YOLOX's `postprocess`). */
  comparison?: ScoreComparison;
  categories?: CategoryMap;
}

/**
 * YOLOX's raw grid outputs (exported with decode_in_inference=False), decoded
 * as `demo/ONNXRuntime/onnx_inference.py` + `yolox/utils/demo_utils.py`
 * `demo_postprocess` do: per stride s a grid of (H // s) x (W // s) cells in
 * row-major order, cx = (x + column) * s, cy = (y + row) * s, w = e^w * s,
 * h = e^h * s. Candidates follow `yolox/utils/boxes.py` `postprocess`:
 * score = objectness x best class score, kept when >= conf (multi-label:
 * every class whose obj x cls passes).
 */
export class YoloxDecoder implements Decoder {
  readonly postNms = false;
  private readonly passes: (score: number, threshold: number) => boolean;
  private levels: GridLevel[] | undefined;

  constructor(private readonly options: YoloxDecoderOptions) {
    this.passes = scoreTest(options.comparison ?? '>=');
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { output: name, categories, multiLabel } = this.options;
    const output = requireOutput(outputs, name, 'YOLOX');
    const { base, dims } = imageView(output, name, 3, batchIndex, 'YOLOX');
    const [cells, channels] = dims;
    const classes = channels - 5;
    if (classes < 1) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the YOLOX decoder expects [N, cells, 5 + classes] in output ${JSON.stringify(name)}, got [${output.dims.join(', ')}]`,
      );
    }
    const levels = this.levelsFor(cells);
    const { passes } = this;
    const data = output.data;
    for (const level of levels) {
      for (let cell = 0; cell < level.columns * level.rows; cell++) {
        const at = base + (level.start + cell) * channels;
        const obj = data[at + 4];
        if (multiLabel) {
          for (let k = 0; k < classes; k++) {
            const score = obj * data[at + 5 + k];
            if (!passes(score, threshold)) continue;
            const category = categoryOf(categories, k);
            if (category >= 0) pushGridBox(into, data, at, level, cell, score, category);
          }
          continue;
        }
        const bestClass = bestClassOf(data, at + 5, classes, 1);
        const score = obj * data[at + 5 + bestClass];
        if (!passes(score, threshold)) continue;
        const category = categoryOf(categories, bestClass);
        if (category >= 0) pushGridBox(into, data, at, level, cell, score, category);
      }
    }
  }

  private levelsFor(cells: number): GridLevel[] {
    const { inputWidth, inputHeight, strides } = this.options;
    const total = this.levels?.reduce((sum, level) => sum + level.columns * level.rows, 0);
    if (total !== cells) {
      this.levels = gridLevels(cells, inputWidth, inputHeight, 'floor', strides, 'YOLOX');
    }
    return this.levels!;
  }
}

function pushGridBox(
  into: Candidates,
  data: ArrayLike<number>,
  at: number,
  level: GridLevel,
  cell: number,
  score: number,
  category: number,
): void {
  const column = cell % level.columns;
  const row = (cell - column) / level.columns;
  const { stride } = level;
  const cx = (data[at] + column) * stride;
  const cy = (data[at + 1] + row) * stride;
  const halfWidth = (Math.exp(data[at + 2]) * stride) / 2;
  const halfHeight = (Math.exp(data[at + 3]) * stride) / 2;
  into.push(cx - halfWidth, cy - halfHeight, cx + halfWidth, cy + halfHeight, score, category);
}
