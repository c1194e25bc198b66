import { describe, expect, it } from 'vitest';
import {
  benchmark,
  latencyStatistics,
  trtexecMedian,
  trtexecPercentile,
} from '../../../lib/bench/index.js';
import { seededRandom } from '../../helpers/random.js';

/** A workload on a virtual clock: each run takes exactly the next latency of a known list. */
function syntheticWorkload(latencies: number[]) {
  let now = 0;
  let next = 0;
  return {
    clock: () => now,
    run: async () => {
      now += latencies[next++ % latencies.length];
    },
  };
}

describe('trtexec statistics', () => {
  it('percentiles pick the sample trtexec picks, including its float32 rounding', () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1); // 1..100 ms
    // Values from the same expression compiled with g++ (float arithmetic):
    // (1 - 99.f/100) * 100 = 0.999999 -> exclude 0 -> the maximum (double arithmetic gives 99);
    // (1 - 90.f/100) * 100 = 10.000002 -> exclude 10 -> 90 (double arithmetic gives 91).
    expect(trtexecPercentile(sorted, 99)).toBe(100);
    expect(trtexecPercentile(sorted, 90)).toBe(90);
    expect(trtexecPercentile(sorted, 95)).toBe(95);
    expect(trtexecPercentile(sorted, 50)).toBe(50);
    expect(trtexecPercentile([], 50)).toBe(Infinity);
    expect(() => trtexecPercentile(sorted, 101)).toThrow(RangeError);
  });

  it('the median of an even count is the mean of the two middle samples', () => {
    expect(trtexecMedian([1, 2, 3, 10])).toBe(2.5);
    expect(trtexecMedian([1, 2, 30])).toBe(2);
  });

  it('mean and coefficient of variation of a known set', () => {
    const stats = latencyStatistics([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(stats).toMatchObject({ count: 8, min: 2, max: 9, mean: 5, median: 4.5 });
    expect(stats.coefficientOfVariationPercent).toBeCloseTo(40, 5); // std 2 / mean 5
  });
});

describe('benchmark harness on a synthetic workload with a known latency distribution', () => {
  it('uniform 1..100 ms: every statistic and the throughput come out exactly', async () => {
    const random = seededRandom(3);
    const latencies = Array.from({ length: 100 }, (_, i) => i + 1).sort(() => random() - 0.5);
    const workload = syntheticWorkload(latencies);
    const result = await benchmark(workload.run, {
      iterations: 100,
      durationSeconds: 0,
      warmupSeconds: 0,
      batchSize: 4,
      clock: workload.clock,
    });
    expect(result.iterations).toBe(100);
    expect(result.latency).toMatchObject({
      min: 1,
      max: 100,
      mean: 50.5,
      median: 50.5,
      p90: 90,
      p95: 95,
      p99: 100,
    });
    expect(result.wallMs).toBe(5050);
    expect(result.inferencesPerSecond).toBeCloseTo(100 / 5.05, 10);
    expect(result.imagesPerSecond).toBeCloseTo((4 * 100) / 5.05, 10);
    expect(result.latencySamplesMs).toEqual(latencies);
  });

  it('warm-up runs are excluded, and duration extends the run past the iteration count', async () => {
    // 10 ms per run: 0.05 s of warm-up is 5 runs; 1 s of measurement is 100 runs although 10 were asked.
    const workload = syntheticWorkload([10]);
    const result = await benchmark(workload.run, {
      iterations: 10,
      durationSeconds: 1,
      warmupSeconds: 0.05,
      clock: workload.clock,
    });
    expect(result.warmupIterations).toBe(5);
    expect(result.iterations).toBe(100);
    expect(result.wallMs).toBe(1000);
  });

  it('device timings: latency = H2D + compute + D2H, as trtexec reports it', async () => {
    let now = 0;
    let run = 0;
    const result = await benchmark(
      async () => {
        now += 5;
        run++;
        return { h2dMs: 0.5, computeMs: run, d2hMs: 0.25, enqueueMs: 0.1 };
      },
      { iterations: 4, durationSeconds: 0, warmupSeconds: 0, clock: () => now },
    );
    expect(result.compute).toMatchObject({ min: 1, max: 4, median: 2.5 });
    expect(result.latency).toMatchObject({ min: 1.75, max: 4.75 });
    expect(result.hostLatency).toMatchObject({ min: 5, max: 5 });
    expect(result.enqueue!.mean).toBeCloseTo(0.1, 6);
  });

  it('rejects bad options with the project message shape', async () => {
    await expect(benchmark(async () => {}, { iterations: 0 })).rejects.toThrow(
      'Expected a positive integer for iterations but received 0',
    );
  });
});
