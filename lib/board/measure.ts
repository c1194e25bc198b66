import type { BenchOptions, BenchResult } from '../bench/harness.js';
import type { PowerSummary } from './power.js';
import { powerWindow, type PowerSources } from './sampler.js';

/**
 * Runs a benchmark with `--power`: the input rail is sampled from the first
 * measured run to the last (warm-up excluded), and summed up over the images
 * measured. Without power sampling it only runs the benchmark.
 */
export async function benchmarkWithPower<T extends BenchOptions>(
  options: T,
  power: boolean,
  run: (options: T) => Promise<BenchResult>,
  sources?: PowerSources,
): Promise<{ result: BenchResult; power?: PowerSummary; powerUnavailable?: string }> {
  if (!power) return { result: await run(options) };
  const window = powerWindow(sources);
  const result = await run({
    ...options,
    onMeasureStart: () => window.start(),
    onMeasureEnd: () => window.stop(),
  });
  const summary = window.summary(result.iterations * result.batchSize);
  return { result, power: summary.power, powerUnavailable: summary.unavailable };
}
