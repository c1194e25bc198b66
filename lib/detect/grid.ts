import { TrtmapError } from '../errors.js';

/** One feature map of a multi-stride head, its cells in row-major order from `start`. */
export interface GridLevel {
  stride: number;
  columns: number;
  rows: number;
  /** Index of its first cell among all the head's cells. */
  start: number;
}

export type GridRounding = 'floor' | 'ceil';

/**
 * The feature maps of a head whose outputs concatenate every stride's cells:
 * each stride s covers (H / s) x (W / s) cells, rounded as the repository
 * does (YOLOX's `demo_postprocess`: H // s; NanoDet: ceil(H / s)). With no
 * strides given, the first list of the usual ones whose cells add up to
 * `cells` is taken ([8, 16, 32], then [8, 16, 32, 64]).
 */
export function gridLevels(
  cells: number,
  inputWidth: number,
  inputHeight: number,
  rounding: GridRounding,
  strides: readonly number[] | undefined,
  what: string,
): GridLevel[] {
  const candidates = strides
    ? [strides]
    : [
        [8, 16, 32],
        [8, 16, 32, 64],
      ];
  for (const list of candidates) {
    const levels = levelsOf(list, inputWidth, inputHeight, rounding);
    const total = levels.reduce((sum, level) => sum + level.columns * level.rows, 0);
    if (total === cells) return levels;
  }
  const tried = candidates.map((list) => `[${list.join(', ')}]`).join(' or ');
  throw new TrtmapError(
    'ERR_SHAPE',
    `the ${what} decoder: ${cells} cells do not match strides ${tried} at input ${inputWidth}x${inputHeight}; set the strides (--strides 8,16,32 or output.strides in --model-config)`,
  );
}

function levelsOf(
  strides: readonly number[],
  width: number,
  height: number,
  rounding: GridRounding,
): GridLevel[] {
  const divide = rounding === 'floor' ? Math.floor : Math.ceil;
  let start = 0;
  return strides.map((stride) => {
    const level = {
      stride,
      columns: divide(width / stride),
      rows: divide(height / stride),
      start,
    };
    start += level.columns * level.rows;
    return level;
  });
}

/**
 * The stride of one feature map holding `cells` cells (NanoDet's per-level
 * outputs): the one of 8, 16, ..., 128 that makes ceil(H / s) x ceil(W / s) cells.
 */
export function strideOfCells(
  cells: number,
  inputWidth: number,
  inputHeight: number,
  what: string,
): number {
  for (const stride of [8, 16, 32, 64, 128]) {
    if (Math.ceil(inputWidth / stride) * Math.ceil(inputHeight / stride) === cells) return stride;
  }
  throw new TrtmapError(
    'ERR_SHAPE',
    `the ${what} decoder: no stride of 8 to 128 gives ${cells} cells at input ${inputWidth}x${inputHeight}; set the strides (--strides, or output.strides in --model-config)`,
  );
}
