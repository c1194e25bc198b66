import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../../../lib/cli/args.js';
import { buildOptionSpecs, buildOptionsFromArgs } from '../../../lib/cli/build.js';
import {
  checkAgainstOnnxInputs,
  checkBuildCombination,
  checkCalibrationTensors,
  onnxInputShapes,
} from '../../../lib/cli/build-checks.js';
import { fixture, fixturesRoot } from '../../helpers/fixtures.js';

const parsed = (...argv: string[]) => parseArgs(argv, buildOptionSpecs, 'build');
const parse = (...argv: string[]) => buildOptionsFromArgs(parsed(...argv));
const combination = (...argv: string[]) => checkBuildCombination(parsed(...argv), parse(...argv));

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-build-checks-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('trtmap build: option errors in the command line words', () => {
  it('--batch takes min,opt,max: order, count and values', () => {
    expect(parse('m.onnx', '--batch', '1,4,8').batch).toEqual({ min: 1, opt: 4, max: 8 });
    expect(parse('m.onnx', '--batch', '4').batch).toEqual({ min: 4, opt: 4, max: 4 });
    expect(() => parse('m.onnx', '--batch', '8,4,1')).toThrow(
      /Expected min <= opt <= max for --batch .* but received "8,4,1"/,
    );
    for (const text of ['x', '0,1,2', '1,2,3,4', ''])
      expect(() => parse('m.onnx', '--batch', text)).toThrow(
        /Expected min,opt,max batch sizes \(1 to 3 integers >= 1, e\.g\. 1,4,8\) for --batch/,
      );
  });

  it('--shape: min <= opt <= max per dimension, said for --shape (not "an object")', () => {
    expect(() => parse('m.onnx', '--shape', 'input.1=4x3x352x352:1x3x352x352:8x3x352x352')).toThrow(
      /min <= opt <= max in every dimension for --shape .*"input\.1=4x3x352x352/,
    );
    expect(() => parse('m.onnx', '--shape', 'a=1x3:1x3x4:1x3')).toThrow(/same rank for --shape/);
  });

  it('--uff-input is name=C,H,W; a UFF model without it, or with profiles, is told the flag', () => {
    for (const text of ['Input', 'Input=3,300'])
      expect(() => parse('ssd.uff', '--uff-input', text, '--uff-output', 'NMS')).toThrow(
        /Expected name=C,H,W .*e\.g\. Input=3,300,300\) for --uff-input/,
      );
    expect(() => combination('ssd.uff', '--uff-output', 'NMS')).toThrow(
      /a UFF model needs --uff-input name=C,H,W/,
    );
    expect(() => combination('ssd.uff', '--uff-input', 'Input=3,300,300')).toThrow(
      /needs --uff-output <name>/,
    );
    const uff = ['ssd.uff', '--uff-input', 'Input=3,300,300', '--uff-output', 'NMS'];
    expect(() => combination(...uff, '--batch', '1,2,4')).toThrow(/use --max-batch <n>/);
    expect(() => combination(...uff, '--strongly-typed')).toThrow(/no UFF parser/);
    expect(combination(...uff, '--max-batch', '4')).toEqual([]);
  });
});

describe('trtmap build: options that cannot work are refused or warned before TensorRT', () => {
  it('calibration without INT8, --no-gpu-fallback without a DLA core, UFF options on ONNX', () => {
    expect(combination('m.onnx', '--calibration-cache', 'c.calib')).toEqual([
      '--calibration-cache has no effect here: INT8 calibration is for --precision int8 (this build is fp32)',
    ]);
    expect(combination('m.onnx', '--precision', 'int8', '--calibration-cache', 'c.calib')).toEqual(
      [],
    );
    expect(combination('m.onnx', '--no-gpu-fallback')).toEqual([
      expect.stringMatching(/^--no-gpu-fallback has no effect here: .*add --dla-core <n>/),
    ]);
    expect(combination('m.onnx', '--no-gpu-fallback', '--dla-core', '0')).toEqual([]);
    expect(
      combination('m.onnx', '--uff-input', 'I=3,3,3', '--uff-output', 'o', '--max-batch', '2'),
    ).toEqual([
      expect.stringMatching(/^--uff-input has no effect here: it applies to UFF models/),
      expect.stringMatching(/^--uff-output has no effect here/),
      expect.stringMatching(/^--max-batch has no effect here/),
    ]);
  });

  it.skipIf(!fixturesRoot)(
    '--batch on a fixed-batch ONNX model, and calibration tensors smaller than one input',
    () => {
      const onnx = fixture('models/fastestdet/FastestDet.onnx');
      const inputs = onnxInputShapes(onnx);
      expect(inputs).toEqual([{ name: 'input.1', dims: [1, 3, 352, 352] }]);
      expect(() => checkAgainstOnnxInputs(parse(onnx, '--batch', '1,4,8'), inputs)).toThrow(
        /--batch 1,4,8 needs a dynamic batch dimension, but input\.1 is 1x3x352x352/,
      );
      expect(() => checkAgainstOnnxInputs(parse(onnx, '--batch', '1'), inputs)).not.toThrow();
      const small = path.join(folder, 'small.f32');
      writeFileSync(small, Buffer.alloc(5000));
      expect(() => checkCalibrationTensors(small, inputs)).toThrow(
        /holds 5000 bytes, less than one float32 input of input\.1 \(1x3x352x352: 1486848 bytes\)/,
      );
      const one = path.join(folder, 'one.f32');
      writeFileSync(one, Buffer.alloc(1486848));
      expect(() => checkCalibrationTensors(one, inputs)).not.toThrow();
      const notOnnx = path.join(folder, 'not.onnx');
      writeFileSync(notOnnx, 'onnx');
      expect(onnxInputShapes(notOnnx)).toEqual([]);
    },
  );
});
