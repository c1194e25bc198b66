import type { AbsHistogram } from './histogram.js';

/**
 * The |x| threshold that keeps `percentile` % of the values:
 * pytorch-quantization `_compute_amax_percentile` (and onnxruntime's
 * symmetric PercentileCalibrater): the edge at np.searchsorted(cdf, p / 100)
 * of the cumulative histogram. Default 99.99 (pytorch-quantization's).
 */
export function percentileAmax(histogram: AbsHistogram, percentile = 99.99): number {
  const { counts, edges } = histogram;
  let total = 0;
  for (const count of counts) total += count;
  if (total === 0) return 0;
  const target = percentile / 100;
  let cumulative = 0;
  for (let index = 0; index < counts.length; index++) {
    cumulative += counts[index] / total;
    // searchsorted(side='left'): the first index whose cdf >= target.
    if (cumulative >= target) return edges[index];
  }
  return edges[counts.length - 1];
}
