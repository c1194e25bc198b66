import type { CocoAccumulation } from '../coco/accumulate.js';
import type { EvaluationStore } from '../coco/evaluation-store.js';
import type { CocoParams } from '../coco/params.js';
import { summaryValue, type SummaryQuery } from '../coco/summarize.js';
import { type CocoId, formatId } from '../coco/ids.js';

/** Per size: the area ranges pycocotools labels small, medium and large. */
export interface SizeFigures {
  small: number;
  medium: number;
  large: number;
}

export interface CocoClassRow {
  /** The category id; -1 for the pooled row when useCats is false. */
  id: CocoId;
  name: string;
  /** Ground truths that count (not crowd, not ignored), area 'all'. */
  groundTruths: number;
  groundTruthsBySize: SizeFigures;
  /** Detections evaluated (each image keeps at most maxDets of a category). */
  detections: number;
  /** AP@[.5:.95], AP50, AP75, AR@maxDets (area all, the largest maxDets); -1 without ground truth. */
  ap: number;
  ap50: number;
  ap75: number;
  ar100: number;
  /** AP@[.5:.95] per size; -1 where the class has no box of that size. */
  apBySize: SizeFigures;
  arBySize: SizeFigures;
}

const sizes = ['small', 'medium', 'large'] as const;

/**
 * Per-category figures from the accumulated arrays of the twelve stats (no
 * second evaluation): each value is `_summarize`'s mean of the defined
 * entries of `precision[:, :, k, a, m]` (or `recall[:, k, a, m]`), m the
 * largest maxDets: what pycocotools' users compute per class (e.g.
 * detectron2's `precisions[:, :, idx, 0, -1]`, `np.mean(p[p > -1])`).
 */
export function cocoClassRows(
  params: CocoParams,
  accumulation: CocoAccumulation,
  stores: readonly EvaluationStore[],
  names: ReadonlyMap<CocoId, string>,
): CocoClassRow[] {
  const ids: CocoId[] = params.useCats ? params.catIds : [-1];
  const maxDets = params.maxDets[params.maxDets.length - 1];
  const areaIndex = (label: string) => params.areaRngLbl.indexOf(label);
  return ids.map((id, categoryIndex) => {
    const value = (query: SummaryQuery) =>
      summaryValue(params, accumulation, { maxDets, ...query, categoryIndex });
    const bySize = (ap: boolean): SizeFigures => {
      const entries = sizes.map((size) => [
        size,
        areaIndex(size) < 0 ? -1 : value({ ap, areaRng: size }),
      ]);
      return Object.fromEntries(entries) as SizeFigures;
    };
    const store = stores[categoryIndex];
    const counted = (label: string) =>
      areaIndex(label) < 0 ? 0 : countGroundTruths(store, areaIndex(label));
    return {
      id,
      name: names.get(id) ?? (id === -1 ? 'all' : formatId(id)),
      groundTruths: counted('all') || (areaIndex('all') < 0 ? countGroundTruths(store, 0) : 0),
      groundTruthsBySize: {
        small: counted('small'),
        medium: counted('medium'),
        large: counted('large'),
      },
      detections: store.detections,
      ap: value({ ap: true }),
      ap50: value({ ap: true, iouThr: 0.5 }),
      ap75: value({ ap: true, iouThr: 0.75 }),
      ar100: value({ ap: false }),
      apBySize: bySize(true),
      arBySize: bySize(false),
    };
  });
}

function countGroundTruths(store: EvaluationStore, areaIndex: number): number {
  let sum = 0;
  for (let e = 0; e < store.count; e++)
    sum += store.nonIgnoredGroundTruths[e * store.areaRanges + areaIndex];
  return sum;
}
