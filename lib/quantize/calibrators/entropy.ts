import type { AbsHistogram } from './histogram.js';
import { klDivergence } from './numeric.js';

export interface EntropyOptions {
  /** Quantized bits (8: 128 levels per sign). */
  bits?: number;
  /** First candidate threshold bin (128) and step between candidates (1). */
  startBin?: number;
  stride?: number;
}

/**
 * TensorRT's entropy calibration: the |x| threshold whose 8-bit
 * quantization loses the least information, i.e. minimizes KL(P || Q) where
 * P is the histogram cut at bin i with the clipped mass added to its last
 * bin and Q is those i bins merged into 128 levels and expanded back over
 * the non-empty bins. Reproduces NVIDIA's implementation of the algorithm of
 * "8-bit Inference with TensorRT" (Migacz, GTC 2017):
 * pytorch-quantization `calib/histogram.py` `_compute_amax_entropy`
 * (NVIDIA/TensorRT tools/pytorch-quantization), including its quirks: bin 0
 * is replaced by bin 1 (the zeros that ReLU makes would dominate), the last
 * minimum wins a tie, and the threshold is the right edge of bin i - 1.
 *
 * Returns the threshold (amax) in the histogram's units.
 */
export function entropyAmax(histogram: AbsHistogram, options: EntropyOptions = {}): number {
  const levels = 1 << ((options.bits ?? 8) - 1);
  const start = options.startBin ?? 128;
  const stride = options.stride ?? 1;
  const bins = Float64Array.from(histogram.counts);
  if (bins.length > 1) bins[0] = bins[1];
  if (bins.length < start) return histogram.edges[histogram.edges.length - 1];

  const suffix = new Float64Array(bins.length + 1); // suffix[i] = sum(bins[i:]) (sequential)
  for (let index = bins.length - 1; index >= 0; index--)
    suffix[index] = suffix[index + 1] + bins[index];

  let best = Infinity;
  let bestBin = start;
  const levelSums = new Float64Array(levels);
  const levelCounts = new Float64Array(levels);
  for (let i = start; i <= bins.length; i += stride) {
    levelSums.fill(0);
    levelCounts.fill(0);
    // Bin j falls in level floor(j * levels / i) (np.digitize on linspace(0, i, levels + 1)).
    for (let j = 0; j < i; j++) {
      if (bins[j] === 0) continue;
      const level = Math.floor((j * levels) / i);
      levelSums[level] += bins[j];
      levelCounts[level]++;
    }
    const candidate = new Float64Array(i);
    for (let j = 0; j < i; j++) {
      if (bins[j] === 0) continue;
      const level = Math.floor((j * levels) / i);
      candidate[j] = levelSums[level] / levelCounts[level];
    }
    const reference = bins.slice(0, i);
    reference[i - 1] += suffix[i];
    const divergence = klDivergence(reference, candidate);
    if (divergence <= best) {
      best = divergence;
      bestBin = i;
    }
  }
  return histogram.edges[bestBin];
}
