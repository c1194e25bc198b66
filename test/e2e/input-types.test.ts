import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOnnxRuntime } from '../../lib/backends/onnxruntime.js';
import { type TensorDataType, encodeModel } from '../../lib/onnx/model.js';
import { stackBatch } from '../../lib/pipeline/batches.js';
import { floatToHalf } from '../../lib/trt/host-tensors.js';
import { trtmap } from '../helpers/cli.js';

/**
 * Models that take float16 or uint8 images (an NHWC uint8 input is what a
 * model with its normalization inside takes): the batch, the ONNX Runtime
 * backend and trtmap bench feed them their own element type. The models
 * (an input cast to float) are written by the test.
 */
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-input-types-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** x [1, 2, 2, 3] of `elemType` (onnx.proto: 2 uint8, 10 float16) -> Cast(float) -> y. */
function castModel(elemType: number): Uint8Array {
  return encodeModel({
    irVersion: 8,
    opsetVersion: 13,
    producerName: 'trtmap-test',
    producerVersion: '0',
    graph: {
      name: 'cast',
      nodes: [
        {
          name: 'cast',
          opType: 'Cast',
          inputs: ['x'],
          outputs: ['y'],
          attributes: [{ name: 'to', kind: 'int', value: 1 }],
        },
      ],
      initializers: [],
      inputs: [{ name: 'x', elemType: elemType as TensorDataType, shape: [1, 2, 2, 3] }],
      outputs: [{ name: 'y', elemType: 1, shape: [1, 2, 2, 3] }],
    },
    metadata: {},
  });
}

describe('float16 and uint8 model inputs', () => {
  it('ONNX Runtime takes uint8 values and float16 bits as they are', async () => {
    const values = [0, 1, 2, 127, 128, 255, 3, 4, 5, 6, 7, 8];
    const u8 = await openOnnxRuntime({ kind: 'onnx', path: 'u8.onnx', bytes: castModel(2) });
    try {
      expect(u8.inputs[0].type).toBe('uint8');
      const outputs = await u8.run({
        x: { data: Uint8Array.from(values), dims: [1, 2, 2, 3], type: 'uint8' },
      });
      expect(Array.from(outputs.y.data)).toEqual(values);
    } finally {
      await u8.dispose();
    }
    const f16 = await openOnnxRuntime({ kind: 'onnx', path: 'f16.onnx', bytes: castModel(10) });
    try {
      const halves = [1.5, -2, 0.333251953125, 65504, ...Array(8).fill(0.5)];
      const data = Uint16Array.from(halves, floatToHalf);
      const outputs = await f16.run({ x: { data, dims: [1, 2, 2, 3], type: 'float16' } });
      expect(Array.from(outputs.y.data)).toEqual(halves);
    } finally {
      await f16.dispose();
    }
  });

  it('a batch keeps the element type and the NHWC shape', () => {
    const one = Uint8Array.from([1, 2, 3]);
    const batch = stackBatch(
      [one, one],
      { width: 1, height: 1, layout: 'nhwc', dtype: 'uint8' },
      { size: 3, padded: true },
    );
    expect(batch.dims).toEqual([3, 1, 1, 3]);
    expect(batch.type).toBe('uint8');
    expect(batch.data).toBeInstanceOf(Uint8Array);
    expect(Array.from(batch.data)).toEqual([1, 2, 3, 1, 2, 3, 0, 0, 0]);
  });

  it('trtmap bench feeds a uint8 NHWC model its own type (the contract reads the input tensor)', () => {
    const model = path.join(folder, 'u8.onnx');
    writeFileSync(model, castModel(2));
    const run = trtmap(
      'bench',
      '--onnx',
      model,
      '--backend',
      'onnxruntime',
      '--duration',
      '0',
      '--warmup',
      '0',
      '--iterations',
      '3',
      '--json',
    );
    expect(run.code, run.stderr).toBe(0);
    expect((JSON.parse(run.stdout) as { iterations: number }).iterations).toBeGreaterThanOrEqual(3);
    // A uint8 input takes raw pixels: a config scaling by 1/255 does not fit, and the check says so.
    const config = path.join(folder, 'scaled.yaml');
    writeFileSync(config, 'input: { scale: 1/255 }\n');
    const scaled = trtmap(
      'bench',
      '--onnx',
      model,
      '--backend',
      'onnxruntime',
      '--model-config',
      config,
    );
    expect(scaled.code).toBe(2);
    expect(scaled.stderr).toMatch(
      /^trtmap: ERR_SHAPE: input x \[1, 2, 2, 3\]: a uint8 input takes the raw 0\.\.255 pixels/,
    );
  });
});
