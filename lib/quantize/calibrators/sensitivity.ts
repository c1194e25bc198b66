import type { AbsHistogram } from './histogram.js';

/**
 * Signal-to-quantization-noise ratio (dB) of symmetric INT8 with threshold
 * `amax` on a histogram of |x|: each bin's centre c stands for its values,
 * quantized to min(round(c / s), 127) * s with s = amax / 127 (clipped values
 * saturate). 10 log10(sum n c^2 / sum n (c - q)^2). Low values mark the
 * tensors whose quantization costs accuracy first (the per-layer
 * sensitivity a user reads before choosing --exclude-nodes).
 */
export function quantizationSqnr(histogram: AbsHistogram, amax: number): number {
  const { counts, edges } = histogram;
  const scale = amax / 127;
  if (!(scale > 0)) return Infinity;
  let signal = 0;
  let noise = 0;
  for (let bin = 0; bin < counts.length; bin++) {
    if (counts[bin] === 0) continue;
    const centre = (edges[bin] + edges[bin + 1]) / 2;
    const quantized = Math.min(Math.round(centre / scale), 127) * scale;
    signal += counts[bin] * centre * centre;
    noise += counts[bin] * (centre - quantized) ** 2;
  }
  return noise === 0 ? Infinity : 10 * Math.log10(signal / noise);
}
