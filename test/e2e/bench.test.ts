import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * `trtmap bench` as a user runs it. Only the shape and consistency of the
 * figures are checked, never their size: tests do not time things.
 */
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

interface Statistics {
  count: number;
  min: number;
  max: number;
  mean: number;
  median: number;
  p90: number;
  p95: number;
  p99: number;
}

describe.skipIf(skipReason !== undefined)(
  `trtmap bench on ONNX Runtime${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    const model = () => fixture('models/fastestdet/FastestDet.onnx');
    const quick = [
      '--backend',
      'onnxruntime',
      '--iterations',
      '6',
      '--duration',
      '0',
      '--warmup',
      '0',
    ];

    it('--json: at least --iterations runs, ordered percentiles, throughput = runs / wall time', () => {
      const run = trtmap('bench', '--onnx', model(), ...quick, '--json');
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        iterations: number;
        batchSize: number;
        wallMs: number;
        inferencesPerSecond: number;
        imagesPerSecond: number;
        latency: Statistics;
        histogram: { edges: number[]; counts: number[] };
      };
      expect(result.iterations).toBeGreaterThanOrEqual(6);
      expect(result.batchSize).toBe(1);
      const { latency } = result;
      expect(latency.count).toBe(result.iterations);
      const ordered = [
        latency.min,
        latency.median,
        latency.p90,
        latency.p95,
        latency.p99,
        latency.max,
      ];
      expect([...ordered].sort((a, b) => a - b)).toEqual(ordered);
      expect(result.inferencesPerSecond).toBeCloseTo((result.iterations * 1000) / result.wallMs, 6);
      expect(result.imagesPerSecond).toBe(result.inferencesPerSecond);
      expect(result.histogram.counts.reduce((a, b) => a + b, 0)).toBe(result.iterations);
    });

    it('prints a trtexec-like summary; auto says TensorRT is missing and measures the CPU', () => {
      const run = trtmap('bench', '--onnx', model(), ...quick.slice(2));
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Throughput: [\d.]+ qps \([\d.]+ images\/s\)$/m);
      expect(run.stdout).toMatch(
        /^Latency: min = [\d.]+ ms, max = .*percentile\(99%\) = [\d.]+ ms/m,
      );
      expect(run.stdout).toMatch(/^Total Host Walltime: [\d.]+ s$/m);
      expect(run.stdout).toContain('ONNX Runtime');
      expect(run.stderr).toMatch(
        /TensorRT unavailable \(ERR_[A-Z_]+: .*\); measuring ONNX Runtime on the CPU/,
      );
    });

    it('GPU-only options and an engine without TensorRT are clear errors', () => {
      const fp16 = trtmap(
        'bench',
        '--onnx',
        model(),
        '--backend',
        'onnxruntime',
        '--precision',
        'fp16',
      );
      expect(fp16.code).toBe(2);
      expect(fp16.stderr).toContain('--precision fp16 needs TensorRT');
      const graph = trtmap('bench', '--onnx', model(), '--backend', 'onnxruntime', '--cuda-graph');
      expect(graph.stderr).toContain('--cuda-graph needs TensorRT');
      // A missing engine file is named first; an existing one then needs TensorRT.
      const missing = trtmap('bench', '--engine', 'no-such-model.plan');
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/trtmap: ERR_FILE_NOT_FOUND: --engine no-such-model\.plan/);
      const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-bench-engine-'));
      const plan = path.join(folder, 'model.plan');
      writeFileSync(plan, new Uint8Array(64));
      const engine = trtmap('bench', '--engine', plan);
      rmSync(folder, { recursive: true, force: true });
      expect(engine.code).toBe(2);
      expect(engine.stderr).toMatch(/trtmap: ERR_[A-Z_]+: TensorRT is needed here but unavailable/);
      const neither = trtmap('bench');
      expect(neither.stderr).toContain('needs exactly one of --engine <plan>, --onnx <model>');
      expect(trtmap('bench', '--onnx', model(), '--iterations', '0').stderr).toContain(
        'Expected a positive integer for --iterations but received "0"',
      );
    });
  },
);
