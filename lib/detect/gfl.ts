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
import { gridLevels, strideOfCells } from './grid.js';
import { ScoreOrder } from './score-order.js';
import type { ModelOutputs } from './types.js';

export interface GflDecoderOptions {
  /** Per level in stride order: [N, cells, C] class scores (NanoDet's 6-output export). */
  scores?: readonly string[];
  /** Per level: [N, cells, 4 x bins] box distributions, sides left, top, right, bottom. */
  boxes?: readonly string[];
  /** Instead: one output [N, cells of all levels, C + 4 x bins] (NanoDet-Plus). */
  combined?: string;
  inputWidth: number;
  inputHeight: number;
  /** Per level; default: from each level's cell count (ceil(H / s) x ceil(W / s)). */
  strides?: readonly number[];
  /** Bins per side (reg_max + 1); default: box channels / 4, or 8 with a combined output. */
  bins?: number;
  /** Cell centre = (column + offset) x stride: 0.5 in NanoDet's GFLHead and PicoDet, 0 in NanoDet-Plus. */
  cellOffset: number;
  /** NanoDet's GFLHead keeps the 1000 cells of each level with the best class score before NMS. */
  preNmsTopK?: number;
  /** 'none' when the graph already applies the sigmoid (NanoDet's ONNX export does). */
  scoreActivation: 'none' | 'sigmoid';
  /** Clip boxes to the input before NMS (NanoDet's distance2bbox max_shape). */
  clipToInput: boolean;
  multiLabel: boolean;
  /** Default '>' (NanoDet's multiclass_nms: scores > score_thr). */
  comparison?: ScoreComparison;
  categories?: CategoryMap;
}

interface LevelView {
  scoreData: ArrayLike<number>;
  boxData: ArrayLike<number>;
  /** Element offset of cell 0's class scores, and of its box distribution. */
  scoreBase: number;
  boxBase: number;
  /** Elements from one cell to the next. */
  scoreStep: number;
  boxStep: number;
  cells: number;
  classes: number;
  bins: number;
  stride: number;
  columns: number;
}

/**
 * Generalized Focal Loss heads (NanoDet, PicoDet), as nanodet's
 * `nanodet/model/head/gfl_head.py` decodes them: per level, cells in
 * row-major order with centres (column + offset) x stride; each side's
 * distance is the expectation of a softmax over `bins` values (0, 1, ...,
 * bins - 1), times the stride; corners centre -/+ distances, clipped to the
 * input. Candidates as `nanodet/model/module/nms.py` `multiclass_nms`: every
 * (cell, class) with score > threshold (multi-label), after the per-level
 * top-k of `get_bboxes_single` when set.
 */
export class GflDecoder implements Decoder {
  readonly postNms = false;
  private readonly passes: (score: number, threshold: number) => boolean;
  private scratch = new Float64Array(0);

  constructor(private readonly options: GflDecoderOptions) {
    this.passes = scoreTest(options.comparison ?? '>');
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    for (const level of this.levels(outputs, batchIndex)) this.decodeLevel(level, threshold, into);
  }

  private decodeLevel(level: LevelView, threshold: number, into: Candidates): void {
    const { categories, multiLabel } = this.options;
    const { passes } = this;
    const scores = this.scoresOf(level);
    for (const cell of this.cellOrder(level, scores)) {
      const row = cell * level.classes;
      const bestClass = bestClassOf(scores, row, level.classes, 1);
      const best = scores[row + bestClass];
      if (!passes(best, threshold)) continue;
      const box = this.box(level, cell);
      if (!multiLabel) {
        const category = categoryOf(categories, bestClass);
        if (category >= 0) into.push(box[0], box[1], box[2], box[3], best, category);
        continue;
      }
      for (let k = 0; k < level.classes; k++) {
        const score = scores[row + k];
        if (!passes(score, threshold)) continue;
        const category = categoryOf(categories, k);
        if (category >= 0) into.push(box[0], box[1], box[2], box[3], score, category);
      }
    }
  }

  /** The level's class scores, activated, as [cells x classes]. */
  private scoresOf(level: LevelView): Float64Array {
    const size = level.cells * level.classes;
    if (this.scratch.length < size) this.scratch = new Float64Array(size);
    const scores = this.scratch;
    const activate = this.options.scoreActivation === 'sigmoid';
    for (let cell = 0; cell < level.cells; cell++) {
      const from = level.scoreBase + cell * level.scoreStep;
      for (let k = 0; k < level.classes; k++) {
        const value = level.scoreData[from + k];
        scores[cell * level.classes + k] = activate ? sigmoid(value) : value;
      }
    }
    return scores;
  }

  /** Every cell in order, or the top-k by best class score (ties: lower index first). */
  private cellOrder(level: LevelView, scores: Float64Array): Iterable<number> {
    const topK = this.options.preNmsTopK;
    if (topK === undefined || topK <= 0 || level.cells <= topK) return range(level.cells);
    const best = new Float64Array(level.cells);
    for (let cell = 0; cell < level.cells; cell++) {
      let max = scores[cell * level.classes];
      for (let k = 1; k < level.classes; k++) max = Math.max(max, scores[cell * level.classes + k]);
      best[cell] = max;
    }
    const order = new ScoreOrder(best, level.cells);
    return Array.from({ length: topK }, () => order.next());
  }

  private box(level: LevelView, cell: number): [number, number, number, number] {
    const { cellOffset, clipToInput, inputWidth, inputHeight } = this.options;
    const column = cell % level.columns;
    const row = (cell - column) / level.columns;
    const cx = (column + cellOffset) * level.stride;
    const cy = (row + cellOffset) * level.stride;
    const at = level.boxBase + cell * level.boxStep;
    const distance = (side: number) =>
      expectation(level.boxData, at + side * level.bins, level.bins) * level.stride;
    let x1 = cx - distance(0);
    let y1 = cy - distance(1);
    let x2 = cx + distance(2);
    let y2 = cy + distance(3);
    if (clipToInput) {
      x1 = Math.min(Math.max(x1, 0), inputWidth);
      y1 = Math.min(Math.max(y1, 0), inputHeight);
      x2 = Math.min(Math.max(x2, 0), inputWidth);
      y2 = Math.min(Math.max(y2, 0), inputHeight);
    }
    return [x1, y1, x2, y2];
  }

  private levels(outputs: ModelOutputs, batchIndex: number): LevelView[] {
    const { scores, boxes, combined } = this.options;
    if (combined !== undefined) return this.combinedLevels(outputs, combined, batchIndex);
    if (!scores || !boxes || scores.length === 0 || scores.length !== boxes.length) {
      throw new TrtmapError(
        'ERR_SHAPE',
        'the GFL decoder needs one class-score and one box output per level (or one combined output)',
      );
    }
    return scores.map((scoreName, index) =>
      this.separateLevel(outputs, scoreName, boxes[index], index, batchIndex),
    );
  }

  private separateLevel(
    outputs: ModelOutputs,
    scoreName: string,
    boxName: string,
    index: number,
    batchIndex: number,
  ): LevelView {
    const { inputWidth, inputHeight, strides } = this.options;
    const scoreOutput = requireOutput(outputs, scoreName, 'GFL');
    const boxOutput = requireOutput(outputs, boxName, 'GFL');
    const score = imageView(scoreOutput, scoreName, 3, batchIndex, 'GFL');
    const box = imageView(boxOutput, boxName, 3, batchIndex, 'GFL');
    const [cells, classes] = score.dims;
    const [boxCells, boxChannels] = box.dims;
    const bins = this.options.bins ?? boxChannels / 4;
    if (boxCells !== cells || boxChannels !== 4 * bins || !Number.isInteger(bins)) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the GFL decoder: level ${index} pairs ${scoreName} [${scoreOutput.dims.join(', ')}] with ${boxName} [${boxOutput.dims.join(', ')}], which should be [cells, 4 x bins] with the same cells; check the order of the score and box outputs`,
      );
    }
    const stride = strides?.[index] ?? strideOfCells(cells, inputWidth, inputHeight, 'GFL');
    return {
      scoreData: scoreOutput.data,
      boxData: boxOutput.data,
      scoreBase: score.base,
      boxBase: box.base,
      scoreStep: classes,
      boxStep: boxChannels,
      cells,
      classes,
      bins,
      stride,
      columns: Math.ceil(inputWidth / stride),
    };
  }

  private combinedLevels(outputs: ModelOutputs, name: string, batchIndex: number): LevelView[] {
    const { inputWidth, inputHeight, strides } = this.options;
    const output = requireOutput(outputs, name, 'GFL');
    const { base, dims } = imageView(output, name, 3, batchIndex, 'GFL');
    const [cells, channels] = dims;
    const bins = this.options.bins ?? 8;
    const classes = channels - 4 * bins;
    if (classes < 1) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the GFL decoder expects [N, cells, classes + 4 x ${bins}] in output ${JSON.stringify(name)}, got [${output.dims.join(', ')}]`,
      );
    }
    return gridLevels(cells, inputWidth, inputHeight, 'ceil', strides, 'GFL').map((level) => ({
      scoreData: output.data,
      boxData: output.data,
      scoreBase: base + level.start * channels,
      boxBase: base + level.start * channels + classes,
      scoreStep: channels,
      boxStep: channels,
      cells: level.columns * level.rows,
      classes,
      bins,
      stride: level.stride,
      columns: level.columns,
    }));
  }
}

/** sum_i i x softmax(values)_i over `bins` values (nanodet's Integral / distribution_project). */
function expectation(data: ArrayLike<number>, at: number, bins: number): number {
  let max = -Infinity;
  for (let i = 0; i < bins; i++) max = Math.max(max, data[at + i]);
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < bins; i++) {
    const e = Math.exp(data[at + i] - max);
    sum += e;
    weighted += i * e;
  }
  return weighted / sum;
}

function* range(count: number): Iterable<number> {
  for (let i = 0; i < count; i++) yield i;
}
