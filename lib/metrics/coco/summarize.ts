import { formatFixed, numpyMean } from '../numeric.js';
import type { CocoAccumulation } from './accumulate.js';
import type { CocoParams } from './params.js';

export interface SummaryQuery {
  /** true: average precision; false: average recall. */
  ap: boolean;
  /** One IoU threshold, or undefined for the mean over all of them. */
  iouThr?: number;
  /** An area-range label of `params.areaRngLbl`. */
  areaRng?: string;
  maxDets?: number;
  /** Restrict to one category (its position in params.catIds). */
  categoryIndex?: number;
}

/** The defined entries of a slice, reused across calls (a slice can hold T x R x K values). */
const scratch = { values: new Float64Array(1024) };

/**
 * `_summarize()` inside `COCOeval.summarize`: the mean of the defined (> -1)
 * entries of the selected slice, -1 when none is defined. Thresholds and
 * labels are looked up by equality, exactly as pycocotools does.
 */
export function summaryValue(
  params: CocoParams,
  evaluation: CocoAccumulation,
  query: SummaryQuery,
): number {
  const [, R, K, A, M] = evaluation.counts;
  const areaRng = query.areaRng ?? 'all';
  const maxDets = query.maxDets ?? 100;
  const thresholds = [...params.iouThrs.keys()].filter(
    (t) => query.iouThr === undefined || params.iouThrs[t] === query.iouThr,
  );
  const areaIndices = params.areaRngLbl.flatMap((label, a) => (label === areaRng ? [a] : []));
  const maxDetIndices = params.maxDets.flatMap((value, m) => (value === maxDets ? [m] : []));
  const pairs = broadcastPairs(areaIndices, maxDetIndices);
  const categories =
    query.categoryIndex === undefined ? [...Array(K).keys()] : [query.categoryIndex];
  let defined = 0;
  const keep = (value: number) => {
    if (defined === scratch.values.length) {
      const bigger = new Float64Array(defined * 2);
      bigger.set(scratch.values);
      scratch.values = bigger;
    }
    scratch.values[defined++] = value;
  };
  // Visit the slice in numpy's C order so the pairwise sum adds in the same order.
  for (const t of thresholds) {
    if (query.ap) {
      for (let r = 0; r < R; r++) {
        for (const k of categories) {
          for (const [a, m] of pairs) {
            const value = evaluation.precision[(((t * R + r) * K + k) * A + a) * M + m];
            if (value > -1) keep(value);
          }
        }
      }
    } else {
      for (const k of categories) {
        for (const [a, m] of pairs) {
          const value = evaluation.recall[((t * K + k) * A + a) * M + m];
          if (value > -1) keep(value);
        }
      }
    }
  }
  return defined === 0 ? -1 : numpyMean(scratch.values.subarray(0, defined));
}

/** numpy broadcasting of two index lists used together as `s[..., aind, mind]`. */
function broadcastPairs(first: number[], second: number[]): Array<[number, number]> {
  if (first.length === 1) return second.map((m) => [first[0], m]);
  if (second.length === 1) return first.map((a) => [a, second[0]]);
  if (first.length === second.length) return first.map((a, i) => [a, second[i]]);
  return [];
}

/** The 12 standard bbox queries, in the order of `stats`. */
export function standardQueries(params: CocoParams): SummaryQuery[] {
  const [first, second, third] = [params.maxDets[0], params.maxDets[1], params.maxDets[2]];
  return [
    { ap: true },
    { ap: true, iouThr: 0.5, maxDets: third },
    { ap: true, iouThr: 0.75, maxDets: third },
    { ap: true, areaRng: 'small', maxDets: third },
    { ap: true, areaRng: 'medium', maxDets: third },
    { ap: true, areaRng: 'large', maxDets: third },
    { ap: false, maxDets: first },
    { ap: false, maxDets: second },
    { ap: false, maxDets: third },
    { ap: false, areaRng: 'small', maxDets: third },
    { ap: false, areaRng: 'medium', maxDets: third },
    { ap: false, areaRng: 'large', maxDets: third },
  ];
}

/** One line of pycocotools' printout: ' {:<18} {} @[ IoU={:<9} | area={:>6s} | maxDets={:>3d} ] = {:0.3f}'. */
export function formatSummaryLine(params: CocoParams, query: SummaryQuery, value: number): string {
  const title = query.ap ? 'Average Precision' : 'Average Recall';
  const kind = query.ap ? '(AP)' : '(AR)';
  const iou =
    query.iouThr === undefined
      ? `${formatFixed(params.iouThrs[0], 2)}:${formatFixed(params.iouThrs[params.iouThrs.length - 1], 2)}`
      : formatFixed(query.iouThr, 2);
  const area = query.areaRng ?? 'all';
  const maxDets = String(query.maxDets ?? 100);
  return (
    ` ${title.padEnd(18)} ${kind} @[ IoU=${iou.padEnd(9)} | area=${area.padStart(6)} | ` +
    `maxDets=${maxDets.padStart(3)} ] = ${formatFixed(value, 3)}`
  );
}
