import type { ConvolutionalLayer } from './layers.js';
import type { ConvolutionalWeights } from './weights.js';

/**
 * darknet's normalize_cpu divides by sqrt(variance + .00001f) (blas.c), so
 * folding uses the same epsilon:
 *   kernel' = kernel * scale / sqrt(var + eps),  bias' = bias - scale * mean / sqrt(var + eps).
 */
export const DARKNET_BATCH_NORM_EPSILON = 0.00001;

export function foldBatchNorm(
  layer: ConvolutionalLayer,
  weights: ConvolutionalWeights,
): { kernel: Float32Array; bias: Float32Array } {
  const norm = weights.batchNorm;
  if (norm === undefined) return { kernel: weights.kernel, bias: weights.biases };
  const kernel = new Float32Array(weights.kernel.length);
  const bias = new Float32Array(layer.filters);
  const perFilter = weights.kernel.length / layer.filters;
  for (let filter = 0; filter < layer.filters; filter++) {
    const factor =
      norm.scales[filter] / Math.sqrt(norm.variance[filter] + DARKNET_BATCH_NORM_EPSILON);
    bias[filter] = weights.biases[filter] - norm.mean[filter] * factor;
    const start = filter * perFilter;
    for (let index = start; index < start + perFilter; index++)
      kernel[index] = weights.kernel[index] * factor;
  }
  return { kernel, bias };
}
