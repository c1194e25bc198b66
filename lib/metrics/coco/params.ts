import { invalidArgument } from '../../errors.js';
import { linspace } from '../numeric.js';

/** An area range [min, max] (inclusive at both ends, as pycocotools compares). */
export type AreaRange = readonly [number, number];

/** Evaluation parameters: pycocotools `Params` for iouType 'bbox'. */
export interface CocoParams {
  /** Images to evaluate; empty = all images of the ground truth. */
  imgIds: number[];
  /** Categories to evaluate; empty = all categories of the ground truth. */
  catIds: number[];
  iouThrs: Float64Array;
  recThrs: Float64Array;
  maxDets: number[];
  areaRng: AreaRange[];
  areaRngLbl: string[];
  useCats: boolean;
}

export type CocoParamsInput = Partial<{
  imgIds: readonly number[];
  catIds: readonly number[];
  iouThrs: ArrayLike<number>;
  recThrs: ArrayLike<number>;
  maxDets: readonly number[];
  areaRng: readonly AreaRange[];
  areaRngLbl: readonly string[];
  useCats: boolean;
}>;

/** `Params.setDetParams()`: the thresholds come from np.linspace, not arange. */
export function defaultIouThresholds(): Float64Array {
  return linspace(0.5, 0.95, Math.round((0.95 - 0.5) / 0.05) + 1);
}

export function defaultRecallThresholds(): Float64Array {
  return linspace(0.0, 1.0, Math.round((1.0 - 0.0) / 0.01) + 1);
}

export const defaultAreaRanges: AreaRange[] = [
  [0 ** 2, 1e5 ** 2],
  [0 ** 2, 32 ** 2],
  [32 ** 2, 96 ** 2],
  [96 ** 2, 1e5 ** 2],
];
export const defaultAreaLabels = ['all', 'small', 'medium', 'large'];

/**
 * Builds the parameters pycocotools would hold after `COCOeval.__init__` and
 * the normalisation at the top of `evaluate()`: image ids (and category ids
 * when useCats) unique and sorted, maxDets sorted.
 */
export function resolveParams(
  input: CocoParamsInput,
  groundTruth: { imageIds: readonly number[]; categoryIds: readonly number[] },
): CocoParams {
  const useCats = input.useCats ?? true;
  if (typeof useCats !== 'boolean') throw invalidArgument('a boolean', 'useCats', useCats);
  const imgIds = uniqueSorted(input.imgIds ?? groundTruth.imageIds, 'imgIds');
  const catIdsInput = input.catIds ?? groundTruth.categoryIds;
  const catIds = useCats ? uniqueSorted(catIdsInput, 'catIds') : checkIds(catIdsInput, 'catIds');
  const maxDets = [...(input.maxDets ?? [1, 10, 100])].sort((a, b) => a - b);
  if (maxDets.length === 0 || !maxDets.every((value) => Number.isInteger(value) && value > 0)) {
    throw invalidArgument('an array of positive integers', 'maxDets', input.maxDets);
  }
  const areaRng = (input.areaRng ?? defaultAreaRanges).map((range) => {
    if (!Array.isArray(range) || range.length !== 2 || !range.every(Number.isFinite)) {
      throw invalidArgument('[min, max] area ranges', 'areaRng', input.areaRng);
    }
    return [range[0], range[1]] as AreaRange;
  });
  const areaRngLbl = [...(input.areaRngLbl ?? (input.areaRng ? [] : defaultAreaLabels))];
  if (areaRngLbl.length !== 0 && areaRngLbl.length !== areaRng.length) {
    throw invalidArgument(`${areaRng.length} labels`, 'areaRngLbl', input.areaRngLbl);
  }
  return {
    imgIds,
    catIds,
    iouThrs: thresholds(input.iouThrs, defaultIouThresholds, 'iouThrs'),
    recThrs: thresholds(input.recThrs, defaultRecallThresholds, 'recThrs'),
    maxDets,
    areaRng,
    areaRngLbl,
    useCats,
  };
}

function thresholds(
  values: ArrayLike<number> | undefined,
  fallback: () => Float64Array,
  name: string,
): Float64Array {
  if (values === undefined) return fallback();
  const array = Float64Array.from(values);
  if (array.length === 0 || !array.every((value) => value >= 0 && value <= 1)) {
    throw invalidArgument('a non-empty array of numbers in [0, 1]', name, values);
  }
  return array;
}

function checkIds(ids: readonly number[], name: string): number[] {
  if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'number' && Number.isFinite(id))) {
    throw invalidArgument('an array of numeric ids', name, ids);
  }
  return [...ids];
}

/** `list(np.unique(ids))`. */
function uniqueSorted(ids: readonly number[], name: string): number[] {
  return [...new Set(checkIds(ids, name))].sort((a, b) => a - b);
}
