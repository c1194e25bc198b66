import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataType, encodeModelProto, readModel } from '../../../lib/onnx/proto.js';
import { float32Activations, syntheticOverflowModel } from './synthetic.js';
import { quantizeModelFile } from '../../../lib/quantize/model-file.js';
import { convertToFp16 } from '../../../lib/quantize/fp16/convert.js';
import { emulateFp16 } from '../../../lib/quantize/fp16/emulate.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../../helpers/fixtures.js';
import { native } from '../../helpers/native.js';
import { pythonHas, runPython } from '../../helpers/python.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const checkScript = readFileSync(path.join(here, 'check_models.py'), 'utf8');
const ready =
  fixturesRoot !== undefined && native !== undefined && pythonHas('onnx', 'onnxruntime', 'numpy');
const work = mkdtempSync(path.join(tmpdir(), 'trtmap-quantize-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Check {
  opset: number;
  qdq: number;
  zeroPointsAllZeroInt8: boolean;
  perChannelAxes: number[];
  float16Initializers: number;
  inputTypes: number[];
  outputTypes: number[];
  maxAbsDiff: number[];
  maxAbsReference: number[];
}

function check(reference: string, models: string[], inputScale = 1): Record<string, Check> {
  process.env.INPUT_SCALE = String(inputScale);
  return JSON.parse(runPython(checkScript, [reference, ...models]));
}

const models = [
  { name: 'FastestDet', file: 'models/fastestdet/FastestDet.onnx' },
  {
    name: 'SSD MobileNet v1',
    file: 'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx',
  },
];

describe.skipIf(!ready)('FP16 and Q/DQ models of the fixtures', () => {
  for (const { name, file } of models) {
    it(`${name}: pass onnx.checker (full), load and run in ONNX Runtime, follow TensorRT's Q/DQ rules`, async () => {
      const source = fixture(file);
      const calibImages = fixture('datasets/coco-train2017-subset/images');
      const base = path.join(work, path.basename(file, '.onnx'));
      const int8 = await quantizeModelFile({
        onnx: source,
        precision: 'int8',
        output: `${base}.int8.onnx`,
        calibImages,
        calibCount: 2,
        // Min-max keeps this test cheap; the cache's layout does not depend on the method.
        method: 'minmax',
        calibrationCache: { file: `${base}.calib`, tensorRtVersion: '8.2.1' },
      });
      await quantizeModelFile({
        onnx: source,
        precision: 'fp16',
        output: `${base}.fp16.onnx`,
        emulatedOutput: `${base}.fp16-emulated.onnx`,
        calibImages,
        calibCount: 2,
      });
      const checks = check(source, [
        `${base}.int8.onnx`,
        `${base}.fp16.onnx`,
        `${base}.fp16-emulated.onnx`,
      ]);
      const q = checks[`${base}.int8.onnx`];
      expect(q.opset).toBeGreaterThanOrEqual(13);
      expect(q.qdq).toBeGreaterThan(40);
      expect(q.zeroPointsAllZeroInt8).toBe(true);
      expect(q.perChannelAxes).toEqual([0]);
      const half = checks[`${base}.fp16.onnx`];
      expect(half.float16Initializers).toBeGreaterThan(20);
      expect(half.inputTypes).toEqual([DataType.FLOAT]);
      expect(half.outputTypes.every((type) => type === DataType.FLOAT)).toBe(true);
      const emulated = checks[`${base}.fp16-emulated.onnx`];
      expect(emulated.float16Initializers).toBe(0);
      for (const [k, limit] of half.maxAbsReference.entries()) {
        expect(half.maxAbsDiff[k]).toBeLessThan(0.05 * Math.max(1, limit));
        expect(emulated.maxAbsDiff[k]).toBeLessThan(0.05 * Math.max(1, limit));
        expect(emulated.maxAbsDiff[k]).toBeGreaterThan(0); // the rounding really happens
      }
      // The TensorRT cache: one line per calibrated tensor (every float activation), in TensorRT's layout.
      const [header, ...lines] = readFileSync(`${base}.calib`, 'utf8').trimEnd().split('\n');
      expect(header).toBe('TRT-8201-EntropyCalibration2');
      const expected = float32Activations(readModel(source));
      expect(lines.map((line) => line.slice(0, line.lastIndexOf(': ')))).toEqual(expected);
      expect(lines.length).toBe(int8.counts['tensors calibrated']);
      for (const line of lines) expect(line).toMatch(/^.+: [0-9a-f]{1,8}$/);
    }, 600_000);
  }

  it('keeps a node FP32 when its activations exceed 65504 on the calibration data', async () => {
    const { model, hot, cool } = syntheticOverflowModel();
    const source = path.join(work, 'overflow.onnx');
    writeFileSync(source, encodeModelProto(model));
    const calibration = () =>
      [1, 50, 100].map((value) => ({
        x: { data: new Float32Array(16).fill(value), dims: [1, 16] },
      }));
    const result = await convertToFp16(model, { calibration, dataMax: 65504 });
    expect(result.keptFp32.get(hot)).toMatch(/max \|activation\| 1\.000e\+5 >= 65504/);
    expect(result.keptFp32.has(cool)).toBe(false);
    const out = path.join(work, 'overflow.fp16.onnx');
    writeFileSync(out, encodeModelProto(result.model));
    writeFileSync(
      path.join(work, 'overflow.fp16-emulated.onnx'),
      encodeModelProto(emulateFp16(result.model)),
    );
    const checks = check(source, [out, path.join(work, 'overflow.fp16-emulated.onnx')], 100);
    // Inputs up to 100 make 1e5 in `hot`: finite only because that node stayed FP32.
    expect(checks[out].maxAbsDiff[0]).toBeLessThan(1e-3 * checks[out].maxAbsReference[0]);
    // Without the measurement the same node overflows: the check is not vacuous.
    const blind = await convertToFp16(model, { dataMax: 65504 });
    expect(blind.keptFp32.has(hot)).toBe(false);
  });
});

describe.skipIf(ready)('FP16 and Q/DQ models of the fixtures', () => {
  it.skip(
    fixturesRoot === undefined
      ? fixturesMissingReason
      : 'needs the native addon and python onnx, onnxruntime, numpy',
    () => {},
  );
});
