import type { BenchOptions, BenchResult } from '../bench/harness.js';
import type { PowerSummary } from './power.js';
import { powerWindow, type PowerSources } from './sampler.js';

export interface MeasuredPower {
  power?: PowerSummary;
  powerUnavailable?: string;
}

/** The part of a benchmark's result the power figures divide by (BenchResult or a leg's speed). */
export interface MeasuredRuns {
  iterations: number;
  /** Images per run. */
  batch: number;
  /** The measured runs' wall time (ms): the time the benchmark's images/s is computed over. */
  wallMs: number;
}

/**
 * `--power` around a benchmark run by code we only hand BenchOptions to (the
 * ONNX Runtime precision legs): `hooks` start and stop the input-rail window
 * with the measured runs; `finish` sums it up over those runs' images and
 * measured time (README: images/s/W = images/s / average W; mJ/image =
 * W x measured s / images x 1000) and always ends sampling.
 */
export function powerHooks(sources?: PowerSources): Required<
  Pick<BenchOptions, 'onMeasureStart' | 'onMeasureEnd'>
> & {
  finish(runs: MeasuredRuns | undefined): MeasuredPower;
} {
  const window = powerWindow(sources);
  return {
    onMeasureStart: () => window.start(),
    onMeasureEnd: () => window.stop(),
    finish(runs) {
      window.stop();
      if (!runs) return {};
      const summary = window.summary(runs.iterations * runs.batch, runs.wallMs / 1000);
      return { power: summary.power, powerUnavailable: summary.unavailable };
    },
  };
}

/**
 * Runs a benchmark with `--power`: the input rail is sampled from the first
 * measured run to the last (warm-up excluded), and summed up over the images
 * and the time measured. Without power sampling it only runs the benchmark.
 */
export async function benchmarkWithPower<T extends BenchOptions>(
  options: T,
  power: boolean,
  run: (options: T) => Promise<BenchResult>,
  sources?: PowerSources,
): Promise<{ result: BenchResult } & MeasuredPower> {
  if (!power) return { result: await run(options) };
  const hooks = powerHooks(sources);
  let result: BenchResult | undefined;
  try {
    result = await run({
      ...options,
      onMeasureStart: hooks.onMeasureStart,
      onMeasureEnd: hooks.onMeasureEnd,
    });
  } finally {
    // A benchmark that throws must not leave tegrastats running.
    if (!result) hooks.finish(undefined);
  }
  return { result, ...hooks.finish({ ...result, batch: result.batchSize }) };
}
