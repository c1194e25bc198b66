import { describe, expect, it } from 'vitest';
import { DeviceBuffer, HostBuffer, Stream } from '../../lib/cuda/index.js';
import { preprocessOnCpu } from '../../lib/image/preprocess.js';
import { native } from '../helpers/native.js';
import { randomImage } from '../helpers/images.js';

const spec = { width: 8, height: 8 };

async function rejection(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: { code?: string; message: string }) => error,
  );
}

describe.skipIf(native === undefined)('HostBuffer', () => {
  it('is zero-copy: views share the memory native code writes', async () => {
    const image = randomImage(4, 4, 1);
    const output = HostBuffer.allocate(8 * 8 * 3 * 4);
    const alias = output.view(Float32Array);
    await preprocessOnCpu(
      [image],
      { ...spec, resize: 'letterbox', padValue: 255, scale: 1 },
      { output },
    );
    expect(alias[0]).toBe(image.pixels.bytes[0]); // written natively, seen through an earlier view
    expect(output.arrayBuffer).toBe(output.arrayBuffer);
  });

  it('falls back to pageable memory without a CUDA device, and says why', async () => {
    const buffer = HostBuffer.allocate(1000, { mapped: true });
    const { devices } = await native!.queryCuda();
    if (devices.length === 0) {
      expect([buffer.kind, buffer.pinned, buffer.mapped]).toEqual(['pageable', false, false]);
      expect(buffer.fallbackReason).toMatch(/CUDA/);
    } else {
      expect(buffer.kind).toBe('mapped');
    }
    expect(HostBuffer.allocate(10, { pinned: false }).fallbackReason).toBeNull();
    expect(HostBuffer.allocate(0).byteLength).toBe(0);
  });

  it('dispose detaches the views and every later use throws or rejects ERR_DISPOSED', async () => {
    const buffer = HostBuffer.allocate(64);
    const view = buffer.bytes;
    view.fill(7);
    await buffer.dispose();
    expect(view.length).toBe(0); // detached: no access to freed memory
    expect(buffer.disposed).toBe(true);
    expect(() => buffer.arrayBuffer).toThrow(expect.objectContaining({ code: 'ERR_DISPOSED' }));
    expect(() => buffer.byteLength).toThrow(expect.objectContaining({ code: 'ERR_DISPOSED' }));
    await buffer.dispose(); // idempotent
    const image = { pixels: buffer, width: 4, height: 4, channels: 3 as const };
    expect((await rejection(preprocessOnCpu([image], spec))).code).toBe('ERR_DISPOSED');
  });

  it('rejects bad sizes and objects of the wrong class with ERR_INVALID_ARGUMENT', async () => {
    expect(() => HostBuffer.allocate(-1)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => new native!.HostBuffer(1.5, true, false)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    const image = randomImage(4, 4, 2);
    const output = HostBuffer.allocate(8 * 8 * 3 * 4);
    const fake = { native: {} } as unknown as HostBuffer;
    for (const promise of [
      native!.preprocessCpu(
        [{ buffer: {} as never, width: 4, height: 4 }],
        {} as never,
        output.native,
        0,
      ),
      preprocessOnCpu([image], spec, { output: fake }),
      preprocessOnCpu([{ ...image, width: 5 }], spec, { output }), // does not fit its buffer
      preprocessOnCpu([image], spec, { output: HostBuffer.allocate(100) }), // output too small
      preprocessOnCpu([image], spec, { output, outputOffset: 4 }),
      preprocessOnCpu([], spec),
    ]) {
      expect((await rejection(promise)).code).toBe('ERR_INVALID_ARGUMENT');
    }
  });
});

describe.skipIf(native === undefined)('CUDA objects without a device', () => {
  it('DeviceBuffer and Stream throw ERR_NO_CUDA_DEVICE (skipped where a GPU exists)', async ({
    skip,
  }) => {
    const { devices } = await native!.queryCuda();
    if (devices.length > 0) skip('a GPU is present');
    expect(() => DeviceBuffer.allocate(16)).toThrow(
      expect.objectContaining({ code: 'ERR_NO_CUDA_DEVICE' }),
    );
    expect(() => new Stream()).toThrow(expect.objectContaining({ code: 'ERR_NO_CUDA_DEVICE' }));
    expect((await rejection(native!.deviceMemoryInfo())).code).toBe('ERR_NO_CUDA_DEVICE');
  });
});
