import { describe, expect, it } from 'vitest';
import { openBackend, readOnnxMetadataProps } from '../../../lib/backends/index.js';
import { type ModelDescription, resolveContract } from '../../../lib/contract/index.js';
import { planBatches, stackBatch } from '../../../lib/pipeline/batches.js';

/** Protobuf bytes: a length-delimited field. */
function field(number: number, bytes: Uint8Array | string): Uint8Array {
  const body = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return Uint8Array.from([(number << 3) | 2, body.length, ...body]);
}
const concat = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((part) => [...part]));

describe('readOnnxMetadataProps', () => {
  it('reads metadata_props (field 14) and skips the other fields, graph included', () => {
    const model = concat(
      Uint8Array.from([0x08, 0x07]), // ir_version = 7 (varint)
      field(7, field(1, 'a node')), // graph, skipped unparsed
      field(14, concat(field(1, 'trtmap.decoder'), field(2, '{"x":1}'))),
      field(14, concat(field(1, 'author'), field(2, 'me'))),
    );
    expect(readOnnxMetadataProps(model)).toEqual({ 'trtmap.decoder': '{"x":1}', author: 'me' });
  });
  it('rejects truncated input with ERR_ONNX', () => {
    expect(() => readOnnxMetadataProps(Uint8Array.from([0x72, 0x40, 0x01]), 'm.onnx')).toThrow(
      expect.objectContaining({
        code: 'ERR_ONNX',
        message: 'm.onnx: truncated or not an ONNX model',
      }),
    );
  });
});

describe('backends', () => {
  it('an explicit TensorRT choice reports why it is unavailable', async () => {
    const model = { kind: 'onnx', path: 'm.onnx', bytes: new Uint8Array() } as const;
    await expect(openBackend('tensorrt', model)).rejects.toMatchObject({
      code: 'ERR_BACKEND',
      message: expect.stringMatching(/^TensorRT backend unavailable: /),
    });
  });
  it('ONNX Runtime refuses a TensorRT engine', async () => {
    await expect(
      openBackend('onnxruntime', { kind: 'engine', path: 'e.plan' }),
    ).rejects.toMatchObject({
      code: 'ERR_BACKEND',
    });
  });
});

const fastestDet: ModelDescription = {
  inputs: [{ name: 'input.1', shape: [1, 3, 352, 352] }],
  outputs: [{ name: '758', shape: [1, 85, 22, 22] }],
};

describe('presets (the first three, through lib/contract)', () => {
  it('are found from the outputs', () => {
    expect(resolveContract(fastestDet).contract.preset).toBe('fastestdet');
    const ssd = {
      inputs: [{ name: 'input', shape: [1, 3, 300, 300] }],
      outputs: [
        { name: 'boxes', shape: [1, 1917, 4] },
        { name: 'scores', shape: [1, 1917, 91] },
      ],
    };
    expect(resolveContract(ssd).contract.preset).toBe('ssd-mobilenet-v1');
    expect(() =>
      resolveContract({ inputs: fastestDet.inputs, outputs: [{ name: 'y', shape: [1, 7] }] }),
    ).toThrow(expect.objectContaining({ code: 'ERR_MODEL_CONTRACT' }));
  });
  it('pin the input contract and reject a model whose outputs do not fit', () => {
    const { contract } = resolveContract(fastestDet, { preset: 'fastestdet' });
    expect(contract.input).toMatchObject({
      width: 352,
      height: 352,
      channelOrder: 'bgr',
      scale: 1 / 255,
    });
    expect(contract.postprocess).toMatchObject({ conf: 0.001, maxDet: 100 });
    expect(() => resolveContract(fastestDet, { preset: 'ssd-mobilenet-v1' })).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringContaining('boxes, scores'),
      }),
    );
    expect(() => resolveContract(fastestDet, { preset: 'yolo' })).toThrow(
      expect.objectContaining({ code: 'ERR_UNSUPPORTED' }),
    );
  });
  it('accept dynamic dimensions', () => {
    const dynamic = { ...fastestDet, inputs: [{ name: 'x', shape: ['batch', 3, 352, 352] }] };
    expect(resolveContract(dynamic, { preset: 'fastestdet' }).contract.input.name).toBe('x');
  });
});

describe('batches', () => {
  const input = (first: number | string) => ({
    name: 'x',
    shape: [first, 3, 2, 2],
    type: 'float32',
  });
  it('follow a fixed batch dimension and refuse another --batch', () => {
    expect(planBatches(input(1), undefined)).toEqual({ size: 1, padded: true });
    expect(() => planBatches(input(1), 4)).toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
    expect(planBatches(input('N'), 4)).toEqual({ size: 4, padded: false });
  });
  it('pad a short last batch with zeros when the batch is fixed', () => {
    const spec = { width: 2, height: 2 };
    const one = new Float32Array(12).fill(1);
    const padded = stackBatch([one], spec, { size: 3, padded: true });
    expect(padded.dims).toEqual([3, 3, 2, 2]);
    expect(Array.from(padded.data.subarray(10, 14))).toEqual([1, 1, 0, 0]);
    expect(stackBatch([one, one], spec, { size: 3, padded: false }).dims).toEqual([2, 3, 2, 2]);
  });
});
