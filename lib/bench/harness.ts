import { invalidArgument } from '../errors.js';
import { type LatencyStatistics, latencyStatistics, throughputPerSecond } from './statistics.js';

/** What one run of a workload may report besides its host wall time (milliseconds). */
export interface RunTimings {
  /** Host time to enqueue the work (trtexec's Enqueue Time). */
  enqueueMs?: number;
  /** Device times measured with CUDA events. */
  h2dMs?: number;
  computeMs?: number;
  d2hMs?: number;
}

export interface BenchOptions {
  /** Run at least this many measured iterations (trtexec --iterations, default 10). */
  iterations?: number;
  /** ... and for at least this long (trtexec --duration, default 3 s). */
  durationSeconds?: number;
  /** Unmeasured warm-up time first (trtexec --warmUp, default 0.2 s). */
  warmupSeconds?: number;
  /** Images per run, for images/s (default 1). */
  batchSize?: number;
  /** Milliseconds; `performance.now` by default (tests pass a virtual clock). */
  clock?: () => number;
  /** Called as the measured runs start and after they end (power sampling: lib/board). */
  onMeasureStart?: () => void;
  onMeasureEnd?: () => void;
}

export interface BenchResult {
  iterations: number;
  warmupIterations: number;
  batchSize: number;
  /** trtexec's Total Host Walltime: first measured run started to last one ended. */
  wallMs: number;
  /** trtexec's Throughput (queries/s), and images/s = queries/s x batch. */
  inferencesPerSecond: number;
  imagesPerSecond: number;
  /** Per run: H2D + compute + D2H when the workload reports them (as trtexec's Latency), else host wall time. */
  latency: LatencyStatistics;
  /** Host wall time of each run, start to promise resolved. */
  hostLatency: LatencyStatistics;
  enqueue?: LatencyStatistics;
  h2d?: LatencyStatistics;
  compute?: LatencyStatistics;
  d2h?: LatencyStatistics;
  /** The per-run latencies, in run order (for histograms). */
  latencySamplesMs: number[];
}

/**
 * Runs `workload` back to back, trtexec style: warm-up runs until
 * `warmupSeconds` have passed (not measured), then measured runs until both
 * `iterations` and `durationSeconds` are reached.
 */
export async function benchmark(
  workload: () => Promise<RunTimings | void>,
  options: BenchOptions = {},
): Promise<BenchResult> {
  const iterations = checkCount(options.iterations ?? 10, 'iterations');
  const durationMs = checkSeconds(options.durationSeconds ?? 3, 'durationSeconds') * 1000;
  const warmupMs = checkSeconds(options.warmupSeconds ?? 0.2, 'warmupSeconds') * 1000;
  const batchSize = checkCount(options.batchSize ?? 1, 'batchSize');
  const clock = options.clock ?? (() => performance.now());

  let warmupIterations = 0;
  for (const warmupStart = clock(); clock() - warmupStart < warmupMs; warmupIterations++)
    await workload();

  const host: number[] = [];
  const device: Record<'enqueueMs' | 'h2dMs' | 'computeMs' | 'd2hMs', number[]> = {
    enqueueMs: [],
    h2dMs: [],
    computeMs: [],
    d2hMs: [],
  };
  options.onMeasureStart?.();
  const start = clock();
  let end = start;
  while (host.length < iterations || end - start < durationMs) {
    const runStart = clock();
    const timings = (await workload()) ?? {};
    end = clock();
    host.push(end - runStart);
    for (const key of Object.keys(device) as Array<keyof typeof device>) {
      const value = timings[key];
      if (value !== undefined) device[key].push(value);
    }
  }
  options.onMeasureEnd?.();
  const reported = (samples: number[]) =>
    samples.length === host.length ? latencyStatistics(samples) : undefined;
  const gpuLatency =
    device.computeMs.length === host.length
      ? host.map((_, i) => (device.h2dMs[i] ?? 0) + device.computeMs[i] + (device.d2hMs[i] ?? 0))
      : undefined;
  const inferencesPerSecond = throughputPerSecond(host.length, end - start);
  return {
    iterations: host.length,
    warmupIterations,
    batchSize,
    wallMs: end - start,
    inferencesPerSecond,
    imagesPerSecond: inferencesPerSecond * batchSize,
    latency: latencyStatistics(gpuLatency ?? host),
    hostLatency: latencyStatistics(host),
    enqueue: reported(device.enqueueMs),
    h2d: reported(device.h2dMs),
    compute: reported(device.computeMs),
    d2h: reported(device.d2hMs),
    latencySamplesMs: gpuLatency ?? host,
  };
}

function checkCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1)
    throw invalidArgument('a positive integer', name, value);
  return value;
}

function checkSeconds(value: number, name: string): number {
  if (!Number.isFinite(value) || value < 0)
    throw invalidArgument('a number of seconds >= 0', name, value);
  return value;
}
