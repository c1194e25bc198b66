import type { AbsHistogram } from './histogram.js';

/**
 * Signal-to-quantization-noise ratio (dB) of symmetric INT8 with threshold
 * `amax` on a histogram of |x|, 10 log10(E[x^2] / E[(x - q(x))^2]) with
 * q(x) = min(round(x / s), 127) * s, s = amax / 127 (values past amax
 * saturate), the values of each bin taken as uniform over the bin.
 * The noise is integrated exactly over the pieces where q is constant (not
 * sampled at the bin centre: a centre sits half a step off the grid when a
 * step is one bin wide, which would overstate the noise of tight
 * thresholds 3x). This is the mean-squared error that pytorch-quantization's
 * `_compute_amax_mse` minimizes, in dB. Low values mark the tensors whose
 * quantization costs accuracy first. Infinity when there is no noise or
 * `amax` is not positive.
 */
export function quantizationSqnr(histogram: AbsHistogram, amax: number): number {
  const { counts, edges } = histogram;
  const scale = amax / 127;
  if (!(scale > 0)) return Infinity;
  let signal = 0;
  let noise = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    const count = counts[bin];
    if (count === 0) continue;
    const [low, high] = [edges[bin], edges[bin + 1]];
    if (!(high > low)) continue;
    signal += (count * (low * low + low * high + high * high)) / 3;
    noise += (count * squaredErrorIntegral(low, high, scale)) / (high - low);
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}

/** The integral over [low, high] (low >= 0) of (x - q(x))^2 for the saturating INT8 grid of step `scale`. */
function squaredErrorIntegral(low: number, high: number, scale: number): number {
  const cube = (value: number) => value * value * value;
  let total = 0;
  let start = low;
  // Level k covers [(k - 0.5) s, (k + 0.5) s); level 127 everything from 126.5 s up.
  let level = Math.min(Math.round(low / scale), 127);
  while (start < high) {
    const end = level >= 127 ? high : Math.min(high, (level + 0.5) * scale);
    const centre = level * scale;
    total += (cube(end - centre) - cube(start - centre)) / 3;
    start = end;
    level++;
  }
  return total;
}

/**
 * The fraction of the non-zero values of a histogram of |x| that symmetric
 * INT8 with threshold `amax` rounds to 0 (|x| < amax / 254), the values of
 * each bin taken as uniform over it. Bin 0 is left out: it holds the exact
 * zeros (ReLU, padding) that no threshold can lose. A tensor whose bulk is
 * small next to rare large values (yolox-nano's SiLU output 687: 41 % of
 * its values read as 0 at the threshold with the best SQNR, and clipped to
 * 6 dB SQNR by entropy) has no per-tensor INT8 scale that keeps both; the
 * SQNR, dominated by the large values, does not show it.
 */
export function underflowFraction(histogram: AbsHistogram, amax: number): number {
  const { counts, edges } = histogram;
  const half = amax / 254;
  let total = 0;
  let under = 0;
  for (let bin = 1; bin < counts.length; bin++) {
    const count = counts[bin];
    if (count === 0) continue;
    total += count;
    const [low, high] = [edges[bin], edges[bin + 1]];
    if (high <= half) under += count;
    else if (low < half) under += (count * (half - low)) / (high - low);
  }
  return total === 0 ? 0 : under / total;
}
