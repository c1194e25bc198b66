import { describe, expect, it } from 'vitest';
import {
  benchInputs,
  benchJson,
  benchmark,
  formatBenchSummary,
  histogram,
} from '../../../lib/bench/index.js';

describe('latency histogram', () => {
  it('equal-width bins from min to max, the maximum in the last bin', () => {
    const result = histogram([1, 2, 2, 3, 4, 5, 9, 10, 10], 3);
    expect(result.edges).toEqual([1, 4, 7, 10]);
    expect(result.counts).toEqual([4, 2, 3]);
  });

  it('sqrt(n) bins by default, capped at 40, and counts add up', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i);
    expect(histogram(samples).counts).toHaveLength(10);
    const many = Array.from({ length: 10_000 }, (_, i) => i % 97);
    const result = histogram(many);
    expect(result.counts).toHaveLength(40);
    expect(result.counts.reduce((a, b) => a + b, 0)).toBe(10_000);
  });

  it('equal samples make one bin; no samples make none', () => {
    expect(histogram([3, 3, 3])).toEqual({ edges: [3, 3], counts: [3] });
    expect(histogram([])).toEqual({ edges: [], counts: [] });
    expect(() => histogram([1], 0)).toThrow('Expected a positive integer for bins but received 0');
  });
});

describe('benchmark inputs', () => {
  const info = (name: string, shape: (number | string)[]) => ({ name, shape, type: 'float32' });

  it('a dynamic batch takes --batch (default 1); other dimensions come from the model', () => {
    const inputs = benchInputs([info('images', ['N', 3, 4, 5])], 2);
    expect(inputs.images.dims).toEqual([2, 3, 4, 5]);
    expect(inputs.images.data).toHaveLength(120);
    expect(benchInputs([info('images', [-1, 3, 4, 5])], undefined).images.dims[0]).toBe(1);
    const values = Array.from(inputs.images.data);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...values)).toBeLessThan(1);
    // Fixed: the same numbers every run.
    expect(benchInputs([info('images', ['N', 3, 4, 5])], 2).images.data).toEqual(
      inputs.images.data,
    );
  });

  it('a fixed batch is kept, and a different --batch is an error', () => {
    expect(benchInputs([info('x', [4, 3])], undefined).x.dims).toEqual([4, 3]);
    expect(() => benchInputs([info('x', [4, 3])], 2)).toThrow(/fixed batch of 4/);
    expect(() => benchInputs([info('x', [1, 'h', 3])], 1)).toThrow(/dynamic dimension 1/);
  });
});

describe('trtexec-style summary', () => {
  async function run(withDevice: boolean) {
    let now = 0;
    let index = 0;
    return benchmark(
      async () => {
        now += 4;
        index++;
        return withDevice
          ? { h2dMs: 0.5, computeMs: index, d2hMs: 0.5, enqueueMs: 0.25 }
          : undefined;
      },
      { iterations: 4, durationSeconds: 0, warmupSeconds: 0, batchSize: 2, clock: () => now },
    );
  }
  const subject = { model: 'm.onnx', backend: 'test backend', precision: 'fp16' };

  it('CPU inference: throughput, latency line with trtexec names, total walltime', async () => {
    const text = formatBenchSummary(await run(false), subject);
    expect(text).toContain('Throughput: 250 qps (500 images/s)');
    expect(text).toContain(
      'Latency: min = 4 ms, max = 4 ms, mean = 4 ms, median = 4 ms, percentile(90%) = 4 ms, percentile(95%) = 4 ms, percentile(99%) = 4 ms',
    );
    expect(text).toContain('Total Host Walltime: 0.016 s');
    expect(text).not.toContain('GPU Compute Time');
  });

  it('device timings: enqueue, H2D, GPU compute, D2H and total GPU compute lines', async () => {
    const text = formatBenchSummary(await run(true), subject);
    expect(text).toContain(
      'GPU Compute Time: min = 1 ms, max = 4 ms, mean = 2.5 ms, median = 2.5 ms',
    );
    expect(text).toContain('Latency: min = 2 ms, max = 5 ms');
    expect(text).toMatch(/Enqueue Time: min = 0.25 ms/);
    expect(text).toMatch(/H2D Latency: .*\nGPU Compute Time: .*\nD2H Latency: /);
    expect(text).toContain('Total GPU Compute Time: 0.01 s');
  });

  it('--json: every figure, the histogram instead of the raw samples', async () => {
    const json = benchJson(await run(true), subject);
    expect(json).toMatchObject({
      model: 'm.onnx',
      iterations: 4,
      batchSize: 2,
      imagesPerSecond: 500,
    });
    expect(json).not.toHaveProperty('latencySamplesMs');
    // 4 samples: ceil(sqrt(4)) = 2 bins over latencies 2, 3, 4, 5 ms.
    expect(json.histogram).toEqual({ edges: [2, 3.5, 5], counts: [2, 2] });
  });
});
