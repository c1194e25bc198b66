import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readModel } from '../../lib/onnx/proto.js';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native } from '../helpers/native.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-quantize-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));
const ready = fixturesRoot !== undefined && native !== undefined;

describe.skipIf(!ready)(
  `trtmap quantize${ready ? '' : ` (skipped: ${fixturesMissingReason} or no addon)`}`,
  () => {
    it('writes a Q/DQ model, says which nodes stayed in float, records what it did', () => {
      const output = path.join(folder, 'ssd.int8.onnx');
      const run = trtmap(
        'quantize',
        fixture('models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx'),
        '--precision',
        'int8',
        '-o',
        output,
        '--calib-images',
        fixture('datasets/coco-train2017-subset/images'),
        '--calib-count',
        '2',
        '--calib-method',
        'percentile',
        '--skip-sensitive',
        '1',
      );
      expect(run.code).toBe(0);
      expect(run.stdout).toMatch(/activations quantized: \d\d/);
      expect(run.stdout).toMatch(
        /most sensitive quantized activations[^\n]*\n {2}-?\d+\.\d dB {2}\S+ -> /,
      );
      expect(run.stdout).toMatch(/: reads \S+: --skip-sensitive: SQNR -?\d+\.\d dB/);
      expect(run.stdout).toMatch(/thresholds by rule: percentile \d\d/);
      expect(run.stdout).toMatch(
        /activations kept in float \(\d+; no Q\/DQ\):\n(?: {2}[^\n]*\n)* {2}\S+: --skip-sensitive/,
      );
      expect(run.stdout).toMatch(/BoxPredictor_0\/ClassPredictor\/[^:\n]*: detection tail/);
      const model = readModel(output);
      const record = JSON.parse(
        (model.metadataProps ?? []).find((entry) => entry.key === 'trtmap.quantization')!.value!,
      );
      expect(record).toMatchObject({
        precision: 'int8',
        calibration: 'percentile',
        calibrationBatches: 2,
      });
      expect(readFileSync(output).length).toBeGreaterThan(1_000_000);
    });

    it('refuses a missing output folder before the work, and a model quantized already', () => {
      const noFolder = trtmap(
        'quantize',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--precision',
        'fp16',
        '-o',
        path.join(folder, 'no-such-folder', 'x.onnx'),
      );
      expect(noFolder.code).toBe(2);
      expect(noFolder.stderr).toMatch(
        /^trtmap: ERR_INVALID_ARGUMENT: --output .*no-such-folder\/x\.onnx: the folder .* does not exist/,
      );
      expect(noFolder.stderr).not.toMatch(/converting/);
      const quantized = trtmap(
        'quantize',
        fixture('models/yolov8n/yolov8n_int8_dynamic.onnx'),
        '--precision',
        'int8',
        '-o',
        path.join(folder, 'y8q.onnx'),
        '--calib-images',
        fixture('datasets/coco-train2017-subset/images'),
        '--calib-count',
        '2',
      );
      expect(quantized.code).toBe(2);
      expect(quantized.stderr).toMatch(
        /ERR_UNSUPPORTED: .*yolov8n_int8_dynamic\.onnx is quantized already \(\d+ DynamicQuantizeLinear, \d+ ConvInteger\)/,
      );
    });

    it('refuses INT8 without calibration images and bad options: one line, exit 2', () => {
      const model = fixture('models/fastestdet/FastestDet.onnx');
      const missing = trtmap(
        'quantize',
        model,
        '--precision',
        'int8',
        '-o',
        path.join(folder, 'x.onnx'),
      );
      expect(missing.code).toBe(2);
      expect(missing.stderr.trim().split('\n')).toHaveLength(1);
      expect(missing.stderr).toMatch(/ERR_INVALID_ARGUMENT: INT8 needs calibration images/);
      const method = trtmap(
        'quantize',
        model,
        '--precision',
        'int8',
        '-o',
        'x.onnx',
        '--calib-method',
        'kl',
      );
      expect(method.code).toBe(2);
      expect(method.stderr).toMatch(
        /Expected one of sqnr, entropy, minmax, percentile for --calib-method/,
      );
      const notModel = trtmap(
        'quantize',
        fixture('models/coco.names'),
        '--precision',
        'fp16',
        '-o',
        path.join(folder, 'y.onnx'),
      );
      expect(notModel.code).toBe(2);
      expect(notModel.stderr).toMatch(/ERR_ONNX/);
    });
  },
);
