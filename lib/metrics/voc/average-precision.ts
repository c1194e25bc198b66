import { pairwiseSum } from '../numeric.js';
import type { VocInterpolation } from './types.js';

/**
 * `voc_ap(rec, prec, use_07_metric)` from the devkit's voc_eval.py (the same
 * numbers as VOCap.m and the 11-point loop of VOCevaldet.m). `recall` must be
 * non-decreasing, as a cumulative sum over npos is.
 */
export function vocAveragePrecision(
  recall: Float64Array,
  precision: Float64Array,
  mode: VocInterpolation,
): number {
  return mode === '11-point'
    ? elevenPointAveragePrecision(recall, precision)
    : allPointAveragePrecision(recall, precision);
}

/**
 * VOC2010+: mrec = [0, rec, 1], mpre = [0, prec, 0]; make mpre the
 * non-increasing envelope from the right; sum (mrec[i+1] - mrec[i]) * mpre[i+1]
 * where recall changes. np.sum adds pairwise, so pairwiseSum keeps the last bit.
 */
export function allPointAveragePrecision(recall: Float64Array, precision: Float64Array): number {
  const count = recall.length;
  const envelope = new Float64Array(count + 2);
  envelope.set(precision, 1);
  for (let index = count; index > 0; index--) {
    if (envelope[index] > envelope[index - 1]) envelope[index - 1] = envelope[index];
  }
  const terms: number[] = [];
  let previousRecall = 0;
  for (let index = 0; index <= count; index++) {
    const nextRecall = index < count ? recall[index] : 1;
    if (nextRecall !== previousRecall) {
      terms.push((nextRecall - previousRecall) * envelope[index + 1]);
    }
    previousRecall = nextRecall;
  }
  return terms.length === 0 ? 0 : pairwiseSum(terms);
}

/**
 * VOC2007: thresholds t = np.arange(0., 1.1, 0.1), which are i * 0.1 exactly
 * (so 0.30000000000000004, not 0.3: a recall of exactly 3/10 does not reach
 * it, as in the devkit); p = max(prec[rec >= t]) or 0; ap += p / 11 in order.
 */
export function elevenPointAveragePrecision(recall: Float64Array, precision: Float64Array): number {
  const count = recall.length;
  // Recall is non-decreasing, so {rec >= t} is a suffix: precompute suffix maxima.
  const suffixMax = new Float64Array(count + 1);
  for (let index = count - 1; index >= 0; index--) {
    suffixMax[index] = Math.max(precision[index], suffixMax[index + 1]);
  }
  let ap = 0;
  let first = 0;
  for (let step = 0; step <= 10; step++) {
    const threshold = step * 0.1;
    while (first < count && !(recall[first] >= threshold)) first++;
    const p = first < count ? suffixMax[first] : 0;
    ap = ap + p / 11;
  }
  return ap;
}
