import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineBuildRequest, EngineToolkit } from '../../../lib/backends/tensorrt-toolkit.js';
import { engineSource, type ExplicitModelProvider } from '../../../lib/compare/engine-source.js';
import type { CompareContext } from '../../../lib/compare/context.js';
import { cachedEngine, sha256 } from '../../../lib/trt/engine-cache.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-engine-source-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const context = {
  onnx: path.join(folder, 'model.onnx'),
  modelSha256: 'ab'.repeat(32),
  batch: 1,
  timing: { plugins: [] },
  cacheDirectory: path.join(folder, 'cache'),
  calibrationImages: ['a.jpg', 'b.jpg'].map((name) => path.join(folder, name)),
  input: { name: 'images', spec: {} },
  log: () => {},
} as unknown as CompareContext;

/**
 * A double of lib/quantize's explicitPrecisionModel: records what it is asked
 * for and writes distinct bytes per precision (so the engine key can be seen
 * to hash the model built), and a calibration cache when asked for one.
 */
function recordingProvider() {
  const calls: { precision: string; calibrationCacheFor?: string }[] = [];
  const provider: ExplicitModelProvider = async (_context, precision, options = {}) => {
    calls.push({ precision, ...options });
    const file = path.join(folder, `trtmap-${precision}.onnx`);
    writeFileSync(file, `model ${precision}`);
    if (options.calibrationCacheFor === undefined) return { path: file };
    const calibrationCache = path.join(folder, `trtmap-${options.calibrationCacheFor}.calib`);
    writeFileSync(calibrationCache, 'TRT-8201-EntropyCalibration2\nimages: 3c010a14\n');
    return { path: file, calibrationCache };
  };
  return { provider, calls };
}

function toolkitOf(tensorRtVersion: string) {
  const builds: EngineBuildRequest[] = [];
  const toolkit = {
    tensorRtVersion,
    gpuName: 'NVIDIA H200',
    async build(request: EngineBuildRequest) {
      builds.push(request);
      writeFileSync(request.output, 'plan');
    },
  } as unknown as EngineToolkit;
  return { toolkit, builds };
}

describe('engineSource: which model and flags each TensorRT leg builds with', () => {
  it('TensorRT 11: strongly typed builds of trtmap FP16 / Q/DQ models, keyed by their bytes', async () => {
    const { provider, calls } = recordingProvider();
    const { toolkit, builds } = toolkitOf('11.1.0');
    for (const precision of ['fp16', 'int8'] as const) {
      const source = await engineSource(context, toolkit, precision, provider);
      const engine = await cachedEngine(
        toolkit,
        source.key,
        source.request,
        context.cacheDirectory,
      );
      expect(engine.cached).toBe(false);
      expect(source.key.precision).toBe(precision);
      expect(source.key.modelSha256).toBe(sha256(`model ${precision}`));
      expect(source.key.calibrationSha256).toBeUndefined();
    }
    expect(calls).toEqual([{ precision: 'fp16' }, { precision: 'int8' }]);
    expect(
      builds.map(({ onnx, precision, stronglyTyped, calibration }) => ({
        onnx,
        precision,
        stronglyTyped,
        calibration,
      })),
    ).toEqual([
      {
        onnx: path.join(folder, 'trtmap-fp16.onnx'),
        precision: 'fp32',
        stronglyTyped: true,
        calibration: undefined,
      },
      {
        onnx: path.join(folder, 'trtmap-int8.onnx'),
        precision: 'fp32',
        stronglyTyped: true,
        calibration: undefined,
      },
    ]);
  });

  it('TensorRT 10: INT8 from the Q/DQ model with the INT8 flag; FP16 the flag on the FP32 model', async () => {
    const { provider, calls } = recordingProvider();
    const { toolkit, builds } = toolkitOf('10.16.0');
    for (const precision of ['fp32', 'fp16', 'int8'] as const) {
      const source = await engineSource(context, toolkit, precision, provider);
      await cachedEngine(toolkit, source.key, source.request, context.cacheDirectory);
    }
    expect(calls).toEqual([{ precision: 'int8' }]);
    expect(
      builds.map(({ onnx, precision, stronglyTyped }) => [
        path.basename(onnx),
        precision,
        stronglyTyped,
      ]),
    ).toEqual([
      ['model.onnx', 'fp32', undefined],
      ['model.onnx', 'fp16', undefined],
      ['trtmap-int8.onnx', 'int8', undefined],
    ]);
    expect(builds[2]!.calibration).toBeUndefined();
  });

  it("TensorRT 8.2: the FP32 model, INT8 flag, calibrator cache = trtmap's cache for 8.2", async () => {
    const { provider, calls } = recordingProvider();
    const { toolkit, builds } = toolkitOf('8.2.1');
    const source = await engineSource(context, toolkit, 'int8', provider);
    await cachedEngine(toolkit, source.key, source.request, context.cacheDirectory);
    expect(calls).toEqual([{ precision: 'int8', calibrationCacheFor: '8.2.1' }]);
    const [build] = builds;
    expect([build!.onnx, build!.precision, build!.stronglyTyped]).toEqual([
      context.onnx,
      'int8',
      undefined,
    ]);
    expect(readFileSync(build!.calibration!.cache, 'utf8')).toBe(
      'TRT-8201-EntropyCalibration2\nimages: 3c010a14\n',
    );
    // trtmap's scales and TensorRT's own calibration of the same images are different engines.
    const own = await engineSource(context, toolkitOf('unknown').toolkit, 'int8', provider);
    expect(own.key.calibrationSha256).not.toBe(source.key.calibrationSha256);
    expect(own.request.calibration!.cache).not.toBe(build!.calibration!.cache);
  });
});
