import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../../../lib/cli/args.js';
import {
  buildOptionSpecs,
  buildOptionsFromArgs,
  formatBuildResult,
} from '../../../lib/cli/build.js';
import { validateBuildOptions } from '../../../lib/trt/index.js';

const parse = (...argv: string[]) =>
  buildOptionsFromArgs(parseArgs(argv, buildOptionSpecs, 'build'));

describe('trtmap build: command line to buildEngine() options', () => {
  it('defaults: fp32 next to the model', () => {
    expect(parse('models/FastestDet.onnx')).toMatchObject({
      model: 'models/FastestDet.onnx',
      output: 'models/FastestDet.fp32.plan',
      precision: 'fp32',
      logLevel: 'warning',
    });
  });

  it('every option reaches the build, and the result passes validation', () => {
    const options = parse(
      'm.onnx',
      '-o',
      'm.plan',
      '--precision',
      'int8',
      '--workspace',
      '512',
      '--timing-cache',
      't.cache',
      '--dla-core',
      '1',
      '--no-gpu-fallback',
      '--batch',
      '1,4,8',
      '--shape',
      'images=1x3x416x416:4x3x416x416:8x3x416x416',
      '--calibration-tensors',
      'calib.f32',
      '--calibration-cache',
      'c.cache',
      '--calibration-batches',
      '20',
      '--log-level',
      'info',
    );
    expect(options).toMatchObject({
      output: 'm.plan',
      precision: 'int8',
      workspace: 512 * 2 ** 20,
      timingCache: 't.cache',
      dlaCore: 1,
      gpuFallback: false,
      batch: { min: 1, opt: 4, max: 8 },
      profiles: { images: { min: [1, 3, 416, 416], opt: [4, 3, 416, 416], max: [8, 3, 416, 416] } },
      calibration: { cacheFile: 'c.cache', maxBatches: 20 },
      logLevel: 'info',
    });
    expect(options.calibration!.data).toBeDefined();
    expect(validateBuildOptions(options).native).toMatchObject({
      calibration: true,
      calibrationCachePath: path.resolve('c.cache'),
    });
  });

  it('UFF inputs (and their order) and outputs', () => {
    expect(
      parse('ssd.uff', '--uff-input', 'Input=3,300,300', '--uff-output', 'NMS', '--max-batch', '2'),
    ).toMatchObject({
      uff: { input: 'Input', inputDims: [3, 300, 300], outputs: ['NMS'] },
      maxBatchSize: 2,
    });
    expect(
      parse(
        'ssd.uff',
        '--uff-input',
        'Input=300,300,3',
        '--uff-input-order',
        'nhwc',
        '--uff-output',
        'NMS',
      ).uff,
    ).toMatchObject({ inputOrder: 'nhwc' });
  });

  it('plugins (repeatable), contexts, strong typing, TF32 and version compatibility reach the build', () => {
    // The libraries must exist (checked before anything loads); their bytes do not matter here.
    const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-plugins-'));
    const [yolo, other] = ['libyolo_layer.so', 'libother.so'].map((name) => {
      writeFileSync(path.join(folder, name), '');
      return path.join(folder, name);
    });
    const options = parse(
      'yolo.onnx',
      '--plugins',
      yolo!,
      '--plugins',
      other!,
      '--contexts',
      '2',
      '--strongly-typed',
      '--allow-tf32',
      '--version-compatible',
    );
    expect(options).toMatchObject({
      plugins: [yolo, other],
      contexts: 2,
      stronglyTyped: true,
      allowTf32: true,
      versionCompatible: true,
    });
    expect(validateBuildOptions(options).native.plugins).toEqual([yolo, other]);
    rmSync(folder, { recursive: true });
    expect(() => parse('m.onnx', '--plugins', './nonexistent.so')).toThrow(
      /ERR_FILE_NOT_FOUND|--plugins \.\/nonexistent\.so: no such file/,
    );
    expect(() => parse('m.onnx', '--contexts', '0')).toThrow(/an integer >= 1 for --contexts/);
  });

  it('prints what was built: the layer precisions, the workspace, the warnings', () => {
    const text = formatBuildResult(
      { model: 'm.onnx', output: 'm.plan', precision: 'int8' },
      {
        output: path.resolve('m.plan'),
        engineBytes: 3 * 2 ** 20,
        calibrationBatches: 8,
        tensorrtVersion: '8.2.1',
        seconds: 12.34,
        workspaceBytes: 256 * 2 ** 20,
        stronglyTyped: false,
        tf32: false,
        fastFp16: true,
        fastInt8: false,
        optimizationProfiles: 2,
        layerPrecisions: { fp32: 3, fp16: 58, int8: 0, other: 0, total: 61 },
        warnings: ['this GPU has no fast INT8'],
      },
    );
    expect(text.split('\n')).toEqual([
      'm.plan: 3.0 MiB, TensorRT 8.2.1, int8, 12.3 s, 8 calibration batches',
      '  precision   61 layers: FP16 58, FP32 3',
      '  workspace   256 MiB',
      '  profiles    2 (one per concurrent execution context)',
      '  warning     this GPU has no fast INT8',
    ]);
  });

  it('bad values are ERR_INVALID_ARGUMENT with the option named', () => {
    expect(() => parse()).toThrow(/needs exactly one model/);
    expect(() => parse('m.onnx', '--precision', 'fp8')).toThrow(
      /for --precision but received "fp8"/,
    );
    expect(() => parse('m.onnx', '--shape', 'images=1x3')).toThrow(/name=min:opt:max for --shape/);
    expect(() => parse('m.onnx', '--batch', '1,x')).toThrow(/for --batch/);
    expect(() => parse('m.onnx', '--workspace', '-5')).toThrow(/a size in MiB for --workspace/);
  });
});
