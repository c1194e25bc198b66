import { describe, expect, it } from 'vitest';
import { toNativeRunRequest } from '../../../lib/trt/index.js';
import { dynamicBatch, fakeBuffer, fastestDet } from './metadata.js';

const inputBytes = 3 * 352 * 352 * 4;
const outputBytes = 85 * 22 * 22 * 4;

describe('trt run requests: bindings checked against engine metadata before the addon sees them', () => {
  it('every input, the outputs asked for, offsets and flags reach the native request', () => {
    const input = fakeBuffer(inputBytes + 64);
    const output = fakeBuffer(outputBytes);
    const request = toNativeRunRequest(
      fastestDet,
      { 'input.1': { buffer: input as never, byteOffset: 64 } },
      { '758': output as never },
      { timings: true, cudaGraph: true, transfer: 'copy' },
    );
    expect(request).toEqual({
      inputs: [{ name: 'input.1', buffer: input.native, shape: [1, 3, 352, 352], byteOffset: 64 }],
      outputs: [{ name: '758', buffer: output.native, byteOffset: 0 }],
      transfer: 'copy',
      timings: true,
      cudaGraph: true,
    });
  });

  it('defaults: transfer auto, no timings, no graph; outputs may be left out', () => {
    const request = toNativeRunRequest(
      fastestDet,
      { 'input.1': fakeBuffer(inputBytes) as never },
      {},
    );
    expect(request.outputs).toEqual([]);
    expect([request.transfer, request.timings, request.cudaGraph]).toEqual(['auto', false, false]);
  });

  it('a missing input, an unknown name or a non-buffer is ERR_INVALID_ARGUMENT naming it', () => {
    expect(() => toNativeRunRequest(fastestDet, {}, {})).toThrow(
      'Expected a HostBuffer or DeviceBuffer for inputs.input.1 but received undefined',
    );
    expect(() =>
      toNativeRunRequest(
        fastestDet,
        { 'input.1': fakeBuffer(inputBytes) as never, image: fakeBuffer(4) as never },
        {},
      ),
    ).toThrow(/no input named "image"/);
    expect(() =>
      toNativeRunRequest(
        fastestDet,
        { 'input.1': fakeBuffer(inputBytes) as never },
        { boxes: fakeBuffer(4) as never },
      ),
    ).toThrow(/no output named "boxes" \(its outputs: 758\)/);
    expect(() =>
      toNativeRunRequest(fastestDet, { 'input.1': new Float32Array(3) as never }, {}),
    ).toThrow(
      'Expected a HostBuffer or DeviceBuffer for inputs.input.1 but received an object (Float32Array)',
    );
  });

  it('buffers too small after their offset are ERR_SHAPE', () => {
    expect(() =>
      toNativeRunRequest(
        fastestDet,
        { 'input.1': { buffer: fakeBuffer(inputBytes) as never, byteOffset: 4 } },
        {},
      ),
    ).toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
    expect(() =>
      toNativeRunRequest(
        fastestDet,
        { 'input.1': { buffer: fakeBuffer(inputBytes) as never, byteOffset: inputBytes + 1 } },
        {},
      ),
    ).toThrow(/byteOffset/);
  });

  it("dynamic inputs carry this run's shape, checked against the profile", () => {
    const images = fakeBuffer(8 * 3 * 416 * 416 * 2);
    const request = toNativeRunRequest(
      dynamicBatch,
      { images: { buffer: images as never, shape: [2, 3, 416, 416] } },
      {},
    );
    expect(request.inputs[0]!.shape).toEqual([2, 3, 416, 416]);
    expect(() => toNativeRunRequest(dynamicBatch, { images: images as never }, {})).toThrow(
      /give its shape/,
    );
  });

  it('bad options are ERR_INVALID_ARGUMENT', () => {
    const inputs = { 'input.1': fakeBuffer(inputBytes) as never };
    expect(() => toNativeRunRequest(fastestDet, inputs, {}, { transfer: 'zero' as never })).toThrow(
      `Expected 'auto', 'copy' or 'direct' for transfer but received "zero"`,
    );
    expect(() => toNativeRunRequest(fastestDet, inputs, {}, { timings: 1 as never })).toThrow(
      /a boolean for timings/,
    );
    expect(() => toNativeRunRequest(fastestDet, [] as never, {})).toThrow(/for inputs/);
  });
});
