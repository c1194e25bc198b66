import type { BenchResult } from './harness.js';
import { histogram } from './histogram.js';
import type { LatencyStatistics } from './statistics.js';

/** What was measured, for the summary's header. */
export interface BenchSubject {
  model: string;
  backend: string;
  precision: string;
}

/**
 * The benchmark in trtexec's words (sampleReporting.cpp `printEpilog` /
 * `printPerformanceReport`), so the lines can be read side by side with a
 * trtexec log: same names, same units, same order.
 */
export function formatBenchSummary(result: BenchResult, subject: BenchSubject): string {
  const lines = [
    `=== Model: ${subject.model} | ${subject.backend} | ${subject.precision} | batch ${result.batchSize} ===`,
    `Timing: ${result.warmupIterations} warm-up runs (not measured), ${result.iterations} measured runs`,
    '=== Performance summary ===',
    `Throughput: ${fixed(result.inferencesPerSecond)} qps (${fixed(result.imagesPerSecond)} images/s)`,
    `Latency: ${statisticsLine(result.latency)}`,
  ];
  if (result.enqueue) lines.push(`Enqueue Time: ${statisticsLine(result.enqueue)}`);
  if (result.h2d) lines.push(`H2D Latency: ${statisticsLine(result.h2d)}`);
  if (result.compute) lines.push(`GPU Compute Time: ${statisticsLine(result.compute)}`);
  if (result.d2h) lines.push(`D2H Latency: ${statisticsLine(result.d2h)}`);
  // With device timings, Latency is H2D + compute + D2H; the host's view is worth showing too.
  if (result.compute) lines.push(`Host Walltime per run: ${statisticsLine(result.hostLatency)}`);
  lines.push(`Total Host Walltime: ${fixed(result.wallMs / 1000)} s`);
  if (result.compute) {
    const total = result.compute.mean * result.compute.count;
    lines.push(`Total GPU Compute Time: ${fixed(total / 1000)} s`);
  }
  lines.push(
    result.compute
      ? 'Latency = H2D + GPU compute + D2H of each run (CUDA events); throughput = runs / host wall time.'
      : 'Latency = host wall time of each run (no device timings: CPU inference); throughput = runs / host wall time.',
  );
  return lines.join('\n');
}

/** trtexec's statistics line: min, max, mean, median, percentiles, and the coefficient of variation. */
export function statisticsLine(stats: LatencyStatistics): string {
  return [
    `min = ${ms(stats.min)}`,
    `max = ${ms(stats.max)}`,
    `mean = ${ms(stats.mean)}`,
    `median = ${ms(stats.median)}`,
    `percentile(90%) = ${ms(stats.p90)}`,
    `percentile(95%) = ${ms(stats.p95)}`,
    `percentile(99%) = ${ms(stats.p99)}`,
    `coefficient of variation = ${fixed(stats.coefficientOfVariationPercent)} %`,
  ].join(', ');
}

function ms(value: number): string {
  return `${fixed(value)} ms`;
}

/** Six significant digits: what a C++ stream prints by default, so as trtexec does. */
function fixed(value: number): string {
  return Number.isFinite(value) ? String(Number(value.toPrecision(6))) : String(value);
}

/** `trtmap bench --json`: the subject, the options' effect, every statistic (ms) and a latency histogram. */
export function benchJson(result: BenchResult, subject: BenchSubject): Record<string, unknown> {
  const { latencySamplesMs, ...figures } = result;
  return { ...subject, ...figures, histogram: histogram(latencySamplesMs) };
}
