import { invalidArgument } from '../errors.js';

/** Counts of samples in equal-width bins from the smallest to the largest sample. */
export interface Histogram {
  /** bins + 1 boundaries, ascending; bin i is [edges[i], edges[i + 1]), the last one closed. */
  edges: number[];
  counts: number[];
}

/**
 * A latency histogram for the reports. The default bin count is
 * ceil(sqrt(n)) capped at 40: enough to show a bimodal distribution (a
 * second mode from clock boosts or contention) without one sample per bin.
 */
export function histogram(samples: ArrayLike<number>, bins?: number): Histogram {
  const count = samples.length;
  const binCount = bins ?? Math.min(40, Math.max(1, Math.ceil(Math.sqrt(count))));
  if (!Number.isInteger(binCount) || binCount < 1)
    throw invalidArgument('a positive integer', 'bins', bins);
  if (count === 0) return { edges: [], counts: [] };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < count; i++) {
    min = Math.min(min, samples[i]);
    max = Math.max(max, samples[i]);
  }
  // All samples equal: one bin around them, so the chart still has a width.
  if (min === max) return { edges: [min, max], counts: [count] };
  const width = (max - min) / binCount;
  const edges = Array.from({ length: binCount + 1 }, (_, i) =>
    i === binCount ? max : min + i * width,
  );
  const counts = new Array<number>(binCount).fill(0);
  for (let i = 0; i < count; i++) {
    const bin = Math.min(binCount - 1, Math.floor((samples[i] - min) / width));
    counts[bin]++;
  }
  return { edges, counts };
}
