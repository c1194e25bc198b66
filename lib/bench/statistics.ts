/**
 * Latency statistics with trtexec's definitions (TensorRT
 * samples/common/sampleReporting.cpp: `getPerformanceResult`, `findMedian`,
 * `findPercentile`, `printEpilog`), so a trtmap figure and a trtexec figure
 * mean the same thing. trtexec computes in float32; so does this, where the
 * rounding decides which sample a percentile picks.
 */
export interface LatencyStatistics {
  count: number;
  min: number;
  max: number;
  /** Sum / count, accumulated in float32 as trtexec does. */
  mean: number;
  /** Middle sample, or the mean of the two middle samples. */
  median: number;
  p90: number;
  p95: number;
  p99: number;
  /** 100 * standard deviation / mean (trtexec's "coefficient of variance", in percent). */
  coefficientOfVariationPercent: number;
}

/** `findPercentile`: the sample at index max(n - 1 - floor((1 - p/100) * n), 0) of the sorted samples. */
export function trtexecPercentile(sorted: ArrayLike<number>, percentile: number): number {
  if (sorted.length === 0) return Infinity;
  if (!(percentile >= 0 && percentile <= 100))
    throw new RangeError('percentile is not in [0, 100]');
  const fraction = Math.fround(1 - Math.fround(Math.fround(percentile) / 100));
  const exclude = Math.trunc(Math.fround(fraction * sorted.length));
  return sorted[Math.max(sorted.length - 1 - exclude, 0)];
}

/** `findMedian`. */
export function trtexecMedian(sorted: ArrayLike<number>): number {
  if (sorted.length === 0) return Infinity;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? sorted[middle]
    : Math.fround((sorted[middle - 1] + sorted[middle]) / 2);
}

export function latencyStatistics(samples: ArrayLike<number>): LatencyStatistics {
  const sorted = Float32Array.from(samples).sort();
  const count = sorted.length;
  let sum = 0;
  for (let index = 0; index < count; index++) sum = Math.fround(sum + sorted[index]);
  const mean = count > 0 ? Math.fround(sum / count) : NaN;
  let squares = 0;
  for (let index = 0; index < count; index++) {
    const deviation = Math.fround(sorted[index] - mean);
    squares = Math.fround(squares + Math.fround(deviation * deviation));
  }
  return {
    count,
    min: count > 0 ? sorted[0] : NaN,
    max: count > 0 ? sorted[count - 1] : NaN,
    mean,
    median: trtexecMedian(sorted),
    p90: trtexecPercentile(sorted, 90),
    p95: trtexecPercentile(sorted, 95),
    p99: trtexecPercentile(sorted, 99),
    coefficientOfVariationPercent:
      count === 0
        ? 0
        : mean === 0
          ? Infinity
          : Math.fround(Math.fround(Math.sqrt(Math.fround(squares / count)) / mean) * 100),
  };
}

/** `printEpilog`'s throughput: batch * queries / wall time. */
export function throughputPerSecond(
  queries: number,
  wallMilliseconds: number,
  batchSize = 1,
): number {
  return (batchSize * queries * 1000) / wallMilliseconds;
}
