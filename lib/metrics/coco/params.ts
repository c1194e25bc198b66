import { invalidArgument } from '../../errors.js';
import { type CocoId, canonicalId, compareIds, isCocoId } from './ids.js';
import { linspace } from '../numeric.js';

/** An area range [min, max] (inclusive at both ends, as pycocotools compares). */
export type AreaRange = readonly [number, number];

/** Evaluation parameters: pycocotools `Params` for iouType 'bbox'. */
export interface CocoParams {
  /** Images to evaluate, sorted as Python sorts them (compareIds). */
  imgIds: CocoId[];
  /** Categories to evaluate (sorted, when useCats). */
  catIds: CocoId[];
  iouThrs: Float64Array;
  recThrs: Float64Array;
  maxDets: number[];
  areaRng: AreaRange[];
  areaRngLbl: string[];
  useCats: boolean;
}

export type CocoParamsInput = Partial<{
  imgIds: readonly CocoId[];
  catIds: readonly CocoId[];
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
  groundTruth: { imageIds: readonly CocoId[]; categoryIds: readonly CocoId[] },
): CocoParams {
  const useCats = input.useCats ?? true;
  if (typeof useCats !== 'boolean') throw invalidArgument('a boolean', 'useCats', useCats);
  const imgIds = uniqueSorted(input.imgIds ?? groundTruth.imageIds, 'imgIds');
  // COCOeval.__init__ sets catIds = sorted(getCatIds()); evaluate() re-sorts them only when
  // useCats, so with useCats=0 a caller's order stays and the default is the sorted one (it
  // orders the pooled ground truths, whose order breaks IoU ties in matching).
  const catIds =
    input.catIds === undefined || useCats
      ? uniqueSorted(input.catIds ?? groundTruth.categoryIds, 'catIds')
      : checkIds(input.catIds, 'catIds');
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

function checkIds(ids: readonly CocoId[], name: string): CocoId[] {
  if (!Array.isArray(ids) || !ids.every(isCocoId)) {
    throw invalidArgument('an array of number or string ids', name, ids);
  }
  return ids.map(canonicalId);
}

/** `list(np.unique(ids))`: Python's order (numbers by value, strings by code point), never mixed. */
function uniqueSorted(ids: readonly CocoId[], name: string): CocoId[] {
  const unique = [...new Set(checkIds(ids, name))];
  const strings = unique.filter((id) => typeof id === 'string').length;
  if (strings !== 0 && strings !== unique.length) {
    throw invalidArgument('ids that are all numbers or all strings', name, ids);
  }
  return unique.sort(compareIds);
}
