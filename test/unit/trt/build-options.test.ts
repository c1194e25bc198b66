import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { type BuildOptions, validateBuildOptions } from '../../../lib/trt/index.js';

const base: BuildOptions = { model: 'models/FastestDet.onnx', output: 'FastestDet.plan' };

function error(options: Partial<BuildOptions> | unknown): string {
  try {
    validateBuildOptions(options as BuildOptions);
  } catch (caught) {
    expect((caught as { code: string }).code).toBe('ERR_INVALID_ARGUMENT');
    return (caught as Error).message;
  }
  throw new Error('expected the options to be rejected');
}

describe('trt build options: validation in TypeScript, every native field filled', () => {
  it("defaults: fp32 without TF32, trtmap's workspace default, the GPU with fallback, warnings and worse", () => {
    const { native, maxCalibrationBatches } = validateBuildOptions(base);
    expect(native).toEqual({
      modelPath: path.resolve('models/FastestDet.onnx'),
      modelFormat: 'onnx',
      outputPath: path.resolve('FastestDet.plan'),
      uffInput: '',
      uffInputDims: [],
      uffInputOrder: 'nchw',
      uffOutputs: [],
      maxBatchSize: 1,
      precision: 'fp32',
      stronglyTyped: false,
      allowTf32: false,
      versionCompatible: false,
      contexts: 1,
      plugins: [],
      workspaceBytes: 0,
      timingCachePath: '',
      dlaCore: -1,
      gpuFallback: true,
      profiles: [],
      batch: null,
      calibration: false,
      calibrationCachePath: '',
      logLevel: 'warning',
    });
    expect(maxCalibrationBatches).toBe(Number.POSITIVE_INFINITY);
  });

  it('every option reaches its native field', () => {
    async function* data() {
      yield new Float32Array(1);
    }
    const { native, maxCalibrationBatches } = validateBuildOptions({
      ...base,
      precision: 'int8',
      workspace: 1 << 30,
      timingCache: 'timing.cache',
      dlaCore: 0,
      gpuFallback: false,
      profiles: { images: { min: [1, 3, 416, 416], opt: [4, 3, 416, 416], max: [8, 3, 416, 416] } },
      batch: { min: 1, opt: 2, max: 4 },
      calibration: { data: data(), cacheFile: 'calib.cache', maxBatches: 10 },
      logLevel: 'verbose',
      allowTf32: true,
      versionCompatible: true,
      contexts: 3,
      plugins: ['plugins/libyolo_layer.so'],
    });
    expect(native).toMatchObject({
      precision: 'int8',
      allowTf32: true,
      versionCompatible: true,
      contexts: 3,
      plugins: [path.resolve('plugins/libyolo_layer.so')],
      workspaceBytes: 1 << 30,
      timingCachePath: path.resolve('timing.cache'),
      dlaCore: 0,
      gpuFallback: false,
      profiles: [
        { input: 'images', min: [1, 3, 416, 416], opt: [4, 3, 416, 416], max: [8, 3, 416, 416] },
      ],
      batch: { min: 1, opt: 2, max: 4 },
      calibration: true,
      calibrationCachePath: path.resolve('calib.cache'),
      logLevel: 'verbose',
    });
    expect(maxCalibrationBatches).toBe(10);
  });

  it('UFF models (TensorRT 8) need their input, CHW dims and outputs; no profiles', () => {
    const uff = {
      model: 'ssd.uff',
      output: 'ssd.plan',
      uff: { input: 'Input', inputDims: [3, 300, 300] as const, outputs: ['NMS'] },
      maxBatchSize: 4,
    };
    expect(validateBuildOptions(uff).native).toMatchObject({
      modelFormat: 'uff',
      uffInput: 'Input',
      uffInputDims: [3, 300, 300],
      uffInputOrder: 'nchw',
      uffOutputs: ['NMS'],
      maxBatchSize: 4,
    });
    expect(error({ model: 'ssd.uff', output: 'ssd.plan' })).toBe(
      'Expected { input, inputDims, outputs } for a UFF model for uff but received undefined',
    );
    expect(error({ ...uff, uff: { ...uff.uff, inputDims: [300, 300] } })).toMatch(/CHW dimensions/);
    expect(error({ ...uff, batch: { min: 1, opt: 1, max: 2 } })).toMatch(/implicit batch/);
    expect(
      validateBuildOptions({ ...uff, uff: { ...uff.uff, inputOrder: 'nhwc' } }).native
        .uffInputOrder,
    ).toBe('nhwc');
    expect(error({ ...uff, uff: { ...uff.uff, inputOrder: 'hwc' as never } })).toMatch(
      /'nchw' or 'nhwc' for uff\.inputOrder/,
    );
  });

  it('the message shape is "Expected <what> for <name> but received <value>"', () => {
    expect(error(null)).toBe('Expected an options object for options but received null');
    expect(error({ output: 'x.plan' })).toBe(
      'Expected a non-empty string for model but received undefined',
    );
    expect(error({ ...base, model: 'model.pt' })).toMatch(
      /^Expected a model ending in \.onnx or \.uff/,
    );
    expect(error({ ...base, precision: 'fp8' })).toBe(
      'Expected one of fp32, fp16, int8, best for precision but received "fp8"',
    );
    expect(error({ ...base, workspace: -1 })).toMatch(/for workspace but received -1/);
    expect(error({ ...base, dlaCore: 1.5 })).toMatch(/for dlaCore but received 1.5/);
    expect(error({ ...base, logLevel: 'debug' })).toMatch(/for logLevel but received "debug"/);
    expect(error({ ...base, onLog: 'console' })).toBe(
      'Expected a function for onLog but received "console"',
    );
    expect(error({ ...base, gpuFallback: 'yes' })).toMatch(/a boolean for gpuFallback/);
  });

  it('strongly typed builds leave the precision to the model; contexts and plugins are checked', () => {
    expect(validateBuildOptions({ ...base, stronglyTyped: true }).native.stronglyTyped).toBe(true);
    expect(error({ ...base, stronglyTyped: true, precision: 'fp16' })).toMatch(
      /strongly typed build takes each layer's precision from the model: leave precision at 'fp32'/,
    );
    expect(error({ ...base, stronglyTyped: 'yes' })).toMatch(/a boolean for stronglyTyped/);
    expect(error({ ...base, contexts: 0 })).toMatch(/an integer >= 1 for contexts/);
    expect(error({ ...base, plugins: 'libyolo_layer.so' })).toMatch(
      /an array of plugin library paths for plugins/,
    );
    expect(error({ ...base, plugins: [''] })).toMatch(/a non-empty string for plugins\[0\]/);
  });

  it('profiles and batch ranges must be ordered min <= opt <= max', () => {
    expect(error({ ...base, batch: { min: 4, opt: 2, max: 8 } })).toMatch(
      /1 <= min <= opt <= max for batch/,
    );
    expect(error({ ...base, profiles: { x: { min: [1, 3], opt: [2, 3], max: [1, 3] } } })).toMatch(
      /min <= opt <= max in dimension 0 for profiles\.x/,
    );
    expect(error({ ...base, profiles: { x: { min: [1], opt: [1, 1], max: [1] } } })).toMatch(
      /same rank/,
    );
    expect(error({ ...base, profiles: { x: { min: [0], opt: [1], max: [1] } } })).toMatch(
      /profiles\.x\.min/,
    );
  });

  it('int8 takes calibration data or a cache, or none for a Q/DQ model (checked natively); best may go without', () => {
    expect(validateBuildOptions({ ...base, precision: 'int8' }).native.calibration).toBe(false);
    expect(
      validateBuildOptions({ ...base, precision: 'int8', calibration: { cacheFile: 'c.cache' } })
        .native.calibration,
    ).toBe(false);
    expect(validateBuildOptions({ ...base, precision: 'best' }).native.calibration).toBe(false);
    expect(error({ ...base, precision: 'int8', calibration: { data: 42 as never } })).toMatch(
      /an \(async\) iterable for calibration\.data/,
    );
    expect(error({ ...base, precision: 'int8', calibration: {} })).toMatch(
      /data or a cacheFile for calibration/,
    );
    expect(
      error({ ...base, precision: 'int8', calibration: { cacheFile: 'c', maxBatches: 0 } }),
    ).toMatch(/calibration\.maxBatches/);
  });
});
