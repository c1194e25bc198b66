import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openOnnxRuntime } from '../../../lib/backends/onnxruntime.js';
import { TrtmapError } from '../../../lib/errors.js';
import { readModel } from '../../../lib/onnx/proto.js';
import { storesFloat16, withFp16Twin } from '../../../lib/quantize/fp16/twin-fallback.js';
import { pythonHas, runPython } from '../../helpers/python.js';

const available = pythonHas('onnx', 'onnxruntime', 'numpy');
const work = mkdtempSync(path.join(tmpdir(), 'trtmap-fp16-twin-test-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// An FP16 graph (float32 I/O, Cast at the boundary) whose MeanVarianceNormalization runs in
// float16: the op's schema allows float16, but ONNX's own function body for it mixes a float32
// constant in, so ONNX Runtime (1.30) cannot load the model. The reference output is numpy's:
// each float16 tensor rounded where the FP16 model stores it, arithmetic in float32.
const build = String.raw`
import sys, numpy as np, onnx, onnxruntime as ort
from onnx import helper, TensorProto as T, numpy_helper
out = sys.argv[1]
x = np.random.default_rng(7).normal(0.3, 2.0, (1, 2, 3, 4)).astype(np.float32)
w = np.float16(1.7)
nodes = [
  helper.make_node('Cast', ['x'], ['x16'], to=T.FLOAT16),
  helper.make_node('Mul', ['x16', 'w'], ['m']),
  helper.make_node('MeanVarianceNormalization', ['m'], ['n']),
  helper.make_node('Cast', ['n'], ['y'], to=T.FLOAT),
]
graph = helper.make_graph(nodes, 'fp16_mvn',
  [helper.make_tensor_value_info('x', T.FLOAT, [1, 2, 3, 4])],
  [helper.make_tensor_value_info('y', T.FLOAT, [1, 2, 3, 4])],
  [numpy_helper.from_array(np.array(w, dtype=np.float16), 'w')])
onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid('', 13)], ir_version=8), out + '/fp16.onnx')
plain = helper.make_graph([helper.make_node('Relu', ['x'], ['y'])] + [helper.make_node('Foo', ['x'], ['z'])], 'f32',
  [helper.make_tensor_value_info('x', T.FLOAT, [1, 2, 3, 4])],
  [helper.make_tensor_value_info('y', T.FLOAT, [1, 2, 3, 4])])
onnx.save(helper.make_model(plain, opset_imports=[helper.make_opsetid('', 13)]), out + '/float32-unloadable.onnx')
try:
  ort.InferenceSession(out + '/fp16.onnx', providers=['CPUExecutionProvider'])
  loads = True
except Exception:
  loads = False
m = (x.astype(np.float16).astype(np.float32) * np.float32(w)).astype(np.float16).astype(np.float32)
mean = m.mean(axis=(0, 2, 3), keepdims=True)
var = ((m - mean) ** 2).mean(axis=(0, 2, 3), keepdims=True)
y = ((m - mean) / np.sqrt(var)).astype(np.float16).astype(np.float32)
x.tofile(out + '/x.f32'); y.tofile(out + '/y.f32')
print('loads' if loads else 'fails')
`;

const floats = (file: string) => {
  const bytes = readFileSync(file);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
};

async function runOnce(onnx: string, input: Float32Array): Promise<Float32Array> {
  const backend = await openOnnxRuntime({ kind: 'onnx', path: onnx, bytes: readFileSync(onnx) });
  try {
    const outputs = await backend.run({ x: { data: input, dims: [1, 2, 3, 4] } });
    return outputs.y.data as Float32Array;
  } finally {
    await backend.dispose();
  }
}

describe.skipIf(!available)('FP16 model ONNX Runtime cannot load: its FP32 twin runs instead', () => {
  const loads = available ? runPython(build, [work]).trim() : '';

  it('runs the twin, says why, and gives numpy float16-rounded values', async () => {
    // If a newer ONNX Runtime loads this model, the fallback is not exercised here: fail loudly.
    expect(loads).toBe('fails');
    expect(storesFloat16(readModel(path.join(work, 'fp16.onnx')))).toBe(true);
    const notes: string[] = [];
    const input = floats(path.join(work, 'x.f32'));
    const { result, emulated } = await withFp16Twin(
      path.join(work, 'fp16.onnx'),
      (onnx) => runOnce(onnx, input),
      (line) => notes.push(line),
    );
    expect(emulated).toBe(true);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/cannot run this float16 model.*FP32 twin with float16 rounding/);
    const reference = floats(path.join(work, 'y.f32'));
    expect(result.length).toBe(reference.length);
    // Values of |y| < 2.5 after float16 rounding: at most one float16 step (2^-9 here) apart,
    // where float32 sums in another order land on the other side of a rounding boundary.
    const worst = Math.max(...reference.map((value, i) => Math.abs(value - result[i])));
    expect(worst).toBeLessThanOrEqual(2 ** -9);
    // And the twin is not the identity: the values were normalized.
    expect(Math.max(...result.map(Math.abs))).toBeGreaterThan(1);
  });

  it('rethrows the error of a model without float16, and of anything but a load failure', async () => {
    const notes: string[] = [];
    const plain = path.join(work, 'float32-unloadable.onnx');
    expect(storesFloat16(readModel(plain))).toBe(false);
    await expect(
      withFp16Twin(plain, (onnx) => runOnce(onnx, new Float32Array(24)), (line) => notes.push(line)),
    ).rejects.toMatchObject({ code: 'ERR_ONNX' });
    const other = new TrtmapError('ERR_INVALID_ARGUMENT', 'not a load failure');
    await expect(
      withFp16Twin(path.join(work, 'fp16.onnx'), () => Promise.reject(other), (line) => notes.push(line)),
    ).rejects.toBe(other);
    expect(notes).toEqual([]);
  });

  it('runs an FP16 model ONNX Runtime loads as it is', async () => {
    const calls: string[] = [];
    const { result, emulated } = await withFp16Twin(
      path.join(work, 'fp16.onnx'),
      async (onnx) => (calls.push(onnx), 'ran'),
      () => undefined,
    );
    expect({ result, emulated, calls }).toEqual({
      result: 'ran',
      emulated: false,
      calls: [path.join(work, 'fp16.onnx')],
    });
  });
});
