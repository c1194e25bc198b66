import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeUnavailable, loadEngineToolkit } from '../../lib/backends/tensorrt-toolkit.js';
import type { ComparisonRun } from '../../lib/report/result.js';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

/**
 * With TensorRT present: compare builds FP32 and FP16 engines of the fixture
 * ONNX models and reports both. No machine here has TensorRT, so these skip
 * with the reason the toolkit gives (ERR_TENSORRT_NOT_FOUND ...).
 */
const load = await loadEngineToolkit();
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : 'toolkit' in load
    ? undefined
    : describeUnavailable(load);

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-compare-trt-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const models = [
  { name: 'fastestdet', model: 'models/fastestdet/FastestDet.onnx' },
  {
    name: 'ssd-mobilenet-v1',
    model: 'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx',
  },
];

describe.skipIf(skipReason !== undefined)(
  `trtmap compare with TensorRT${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it.each(models)(
      '$name: FP32 and FP16 engines built, evaluated, diffed and benchmarked',
      ({ name, model }) => {
        const json = path.join(folder, `${name}.json`);
        const args = [
          'compare',
          fixture(model),
          '--preset',
          name,
          '--voc',
          path.join(fixturesRoot!, 'datasets/voc100'),
          '--limit',
          '20',
          '--precisions',
          'fp32,fp16',
          '--json',
          json,
          '--cache-dir',
          path.join(folder, 'cache'),
          '--iterations',
          '20',
          '--duration',
          '0',
          '--warmup',
          '0.1',
          '--diff-images',
          '2',
        ];
        const first = trtmap(...args);
        expect(first.code, first.stderr).toBe(0);
        const run = JSON.parse(readFileSync(json, 'utf8')) as ComparisonRun;
        expect(run.legs.map((leg) => [leg.id, leg.status])).toEqual([
          ['reference', 'ok'],
          ['fp32', 'ok'],
          ['fp16', 'ok'],
        ]);
        const [reference, fp32, fp16] = run.legs;
        // FP32 on TensorRT is the same network: within a fraction of a point of ONNX Runtime.
        expect(Math.abs(fp32.accuracy!.vocMap - reference.accuracy!.vocMap)).toBeLessThan(0.005);
        expect(Math.abs(fp16.accuracy!.vocMap - reference.accuracy!.vocMap)).toBeLessThan(0.02);
        for (const leg of [fp32, fp16]) {
          expect(leg.speed!.compute!.count).toBe(leg.speed!.iterations);
          expect(leg.tensorDiffs!.length).toBeGreaterThan(0);
          expect(leg.engine!.cached).toBe(false);
        }
        expect(fp32.tensorDiffs!.every((diff) => diff.maxAbsolute < 1e-2)).toBe(true);
        expect(first.stdout).toMatch(/TensorRT FP16\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+/);
        // Second run: both engines come from the cache.
        const second = trtmap(...args);
        expect(second.code, second.stderr).toBe(0);
        const again = JSON.parse(readFileSync(json, 'utf8')) as ComparisonRun;
        expect(again.legs.slice(1).map((leg) => leg.engine!.cached)).toEqual([true, true]);
      },
    );

    it('bench --onnx --precision fp16 measures the engine with device timings', () => {
      const run = trtmap(
        'bench',
        '--onnx',
        fixture(models[0].model),
        '--precision',
        'fp16',
        '--iterations',
        '20',
        '--duration',
        '0',
        '--json',
      );
      expect(run.code, run.stderr).toBe(0);
      const result = JSON.parse(run.stdout) as {
        compute?: { count: number };
        h2d?: unknown;
        d2h?: unknown;
      };
      expect(result.compute?.count).toBeGreaterThanOrEqual(20);
      expect(result.h2d).toBeDefined();
    });
  },
);
