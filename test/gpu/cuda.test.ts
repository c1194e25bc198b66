import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import {
  CudaEvent,
  DeviceBuffer,
  HostBuffer,
  Stream,
  deviceMemoryInfo,
  pinnedPoolStats,
} from '../../lib/cuda/index.js';
import { CudaPreprocessor, preprocessOnCpu, tensorView } from '../../lib/image/preprocess.js';
import type { PreprocessSpec } from '../../lib/image/spec.js';
import { probeGpu } from '../helpers/gpu.js';
import { randomImage } from '../helpers/images.js';

const gpu = await probeGpu();

function fillRandom(bytes: Uint8Array, seed: number): void {
  let state = seed;
  for (let index = 0; index < bytes.length; index++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    bytes[index] = state >>> 24;
  }
}

describe.skipIf(!gpu.available)(
  `GPU: buffers and copies${gpu.available ? '' : ` (${gpu.reason})`}`,
  () => {
    it.each([
      ['pinned', { pinned: true }, 'engine'],
      ['pageable', { pinned: false }, 'engine'],
      ['mapped', { mapped: true }, 'engine'],
      ['mapped', { mapped: true }, 'kernel'],
    ] as const)(
      '%s host memory round-trips through the device (%s copy)',
      async (kind, options, method) => {
        const stream = new Stream();
        const source = HostBuffer.allocate(3 << 20, options);
        const back = HostBuffer.allocate(3 << 20, options);
        expect(source.kind).toBe(kind);
        fillRandom(source.bytes, 42);
        const device = DeviceBuffer.allocate(4 << 20);
        await stream.copy(device, source, { destinationOffset: 1000, method });
        await stream.copy(back, device, { sourceOffset: 1000, byteLength: 3 << 20, method });
        expect(Buffer.compare(Buffer.from(source.bytes), Buffer.from(back.bytes))).toBe(0);
        await Promise.all([source.dispose(), back.dispose(), device.dispose(), stream.dispose()]);
      },
    );

    it('rejects out-of-range copies and use after dispose with codes', async () => {
      const stream = new Stream();
      const host = HostBuffer.allocate(100);
      const device = DeviceBuffer.allocate(50);
      await expect(stream.copy(device, host)).rejects.toMatchObject({
        code: 'ERR_INVALID_ARGUMENT',
      });
      await device.dispose();
      await expect(stream.copy(device, host, { byteLength: 10 })).rejects.toMatchObject({
        code: 'ERR_DISPOSED',
      });
      await stream.dispose();
      await expect(stream.synchronize()).rejects.toMatchObject({ code: 'ERR_DISPOSED' });
    });

    it('dispose while a copy is pending waits for it; the copy completes', async () => {
      const stream = new Stream();
      const host = HostBuffer.allocate(512 << 20);
      fillRandom(host.bytes.subarray(0, 1 << 20), 7);
      const device = DeviceBuffer.allocate(512 << 20);
      const copy = stream.copy(device, host);
      const disposals = Promise.all([host.dispose(), device.dispose(), stream.dispose()]);
      expect([host.disposed, device.disposed, stream.disposed]).toEqual([true, true, true]);
      await expect(copy).resolves.toBeUndefined();
      await disposals;
    });

    it('events time work on a stream', async () => {
      const stream = new Stream();
      const [start, end] = [new CudaEvent(), new CudaEvent()];
      const host = HostBuffer.allocate(64 << 20);
      const device = DeviceBuffer.allocate(64 << 20);
      start.record(stream);
      await stream.copy(device, host);
      end.record(stream);
      await end.synchronize();
      expect(end.elapsedSince(start)).toBeGreaterThan(0);
      await Promise.all([
        host.dispose(),
        device.dispose(),
        stream.dispose(),
        start.dispose(),
        end.dispose(),
      ]);
    });

    it('page-locked buffers come back from the pool: same size class, no new cudaHostAlloc', async () => {
      const before = pinnedPoolStats();
      for (const mapped of [false, true]) {
        const first = HostBuffer.allocate(640 * 480 * 3, { mapped });
        expect(first.kind).toBe(mapped ? 'mapped' : 'pinned');
        await first.dispose();
        // A slightly different size in the same class (8 classes per power of two).
        const second = HostBuffer.allocate(640 * 480 * 3 - 1000, { mapped });
        second.bytes.fill(7);
        expect(second.bytes[second.byteLength - 1]).toBe(7);
        await second.dispose();
      }
      const after = pinnedPoolStats();
      expect(after.hits - before.hits).toBeGreaterThanOrEqual(2);
      expect(after.cachedBytes).toBeLessThanOrEqual(after.budgetBytes);
    });

    it('100,000 allocate/dispose cycles (after 25,000 of warm-up) leave device and host memory where they started', async () => {
      const cycle = async (count: number) => {
        for (let index = 0; index < count; index++) {
          const device = DeviceBuffer.allocate(1 << 20);
          const host = HostBuffer.allocate(64 << 10);
          host.bytes[0] = 1;
          await Promise.all([device.dispose(), host.dispose()]);
        }
      };
      // Garbage-collected heap and finalizers settle first, so RSS shows what
      // native memory did, not how much JS garbage happened to be pending.
      setFlagsFromString('--expose-gc');
      const collectGarbage = runInNewContext('gc') as () => void;
      const settledRss = async () => {
        collectGarbage();
        await new Promise((resolve) => setTimeout(resolve, 50));
        collectGarbage();
        return process.memoryUsage().rss;
      };
      // Warm-up: the CUDA context, the driver's pinned-memory bookkeeping and
      // malloc's arenas grow over the first ~20,000 cycles and then stay flat
      // (scripts/memory-cycles.mjs shows the curve); a leak keeps growing.
      await cycle(25_000);
      const deviceBefore = (await deviceMemoryInfo()).free;
      const hostBefore = await settledRss();
      for (let round = 1; round <= 4; round++) {
        await cycle(25_000);
        console.log(`after ${round * 25_000} cycles: rss ${await settledRss()} bytes`);
      }
      const deviceAfter = (await deviceMemoryInfo()).free;
      const hostAfter = await settledRss();
      console.log(
        `100k cycles: device free ${deviceBefore} -> ${deviceAfter} bytes, rss ${hostBefore} -> ${hostAfter} bytes`,
      );
      expect(Math.abs(deviceAfter - deviceBefore)).toBeLessThanOrEqual(4 << 20);
      expect(hostAfter - hostBefore).toBeLessThan(16 << 20);
    });
  },
);

describe.skipIf(!gpu.available)('GPU: CUDA preprocessing equals the CPU reference', () => {
  // Created only where the tests run (they need the addon).
  const images = gpu.available
    ? [randomImage(640, 480, 1), randomImage(333, 500, 2), randomImage(37, 21, 3)]
    : [];
  const mappedImages = gpu.available
    ? [randomImage(640, 480, 1, { mapped: true }), randomImage(333, 500, 2, { mapped: true })]
    : [];
  const cases: PreprocessSpec[] = [];
  for (const interpolation of ['bilinear', 'darknet', 'nearest'] as const)
    for (const resize of ['stretch', 'letterbox'] as const)
      for (const layout of ['nchw', 'nhwc'] as const)
        cases.push({
          width: 416,
          height: 320,
          interpolation,
          resize,
          layout,
          channelOrder: 'bgr',
          mean: [0.485, 0.456, 0.406],
          std: [0.229, 0.224, 0.225],
        });
  cases.push({
    width: 300,
    height: 300,
    resize: 'letterbox',
    anchor: 'top-left',
    padValue: 114,
    scale: 1,
    mean: 128,
    std: 128,
  });
  // Modes added for issue 10/12: cv2 INTER_AREA (shrinking, both of OpenCV's
  // paths: 640x480 -> 320x240 is an integer scale), keep-ratio and each size
  // rounding, no enlarging, one channel with either gray conversion.
  for (const [width, height] of [
    [416, 320],
    [320, 240],
    [1280, 960],
  ] as const)
    cases.push({ width, height, interpolation: 'area', resize: 'letterbox', padValue: 114 });
  for (const rounding of ['half-even', 'floor', 'ceil', 'integer', 'none'] as const)
    cases.push({
      width: 416,
      height: 416,
      resize: 'keep-ratio',
      anchor: rounding === 'floor' ? 'top-left' : 'center',
      rounding,
      scaleUp: rounding !== 'ceil',
      padValue: rounding === 'none' ? 0 : 114,
      channelOrder: 'bgr',
      scale: 1,
    });
  for (const interpolation of ['bilinear', 'darknet', 'area'] as const)
    cases.push({
      width: 320,
      height: 320,
      channels: 1,
      grayConversion: interpolation === 'darknet' ? 'darknet' : 'opencv',
      interpolation,
      resize: 'letterbox',
      layout: 'nhwc',
    });

  async function gpuResult(batch: typeof images, spec: PreprocessSpec) {
    const preprocessor = new CudaPreprocessor(spec);
    const result = await preprocessor.run(batch);
    const host = HostBuffer.allocate(result.tensor.byteLength);
    await preprocessor.stream.copy(host, result.tensor);
    await Promise.all([result.tensor.dispose(), preprocessor.dispose()]);
    return { ...result, tensor: host };
  }

  it.each(cases.map((spec) => [JSON.stringify(spec), spec] as const))('%s', async (_name, spec) => {
    const dtypes = ['float32', 'float16'] as const;
    // uint8 takes the resized bytes only: no scale, mean or std, no darknet floats.
    const bytes = spec.interpolation !== 'darknet' && spec.scale === 1 && spec.mean === undefined;
    const grayImages = images.map((image) => ({ ...image, channels: 1 as const }));
    for (const batch of [images, mappedImages, grayImages]) {
      for (const dtype of bytes ? [...dtypes, 'uint8' as const] : dtypes) {
        const cpu = await preprocessOnCpu(batch, { ...spec, dtype });
        const gpuOutput = await gpuResult(batch, { ...spec, dtype });
        expect(gpuOutput.transforms).toEqual(cpu.transforms);
        expect(gpuOutput.placements).toEqual(cpu.placements);
        const expected = tensorView(cpu);
        const actual = tensorView(gpuOutput);
        if (dtype === 'float32') {
          let largest = 0;
          for (let index = 0; index < expected.length; index++)
            largest = Math.max(largest, Math.abs(actual[index] - expected[index]));
          expect(largest).toBeLessThanOrEqual(1e-5);
        } else {
          // float16: the CPU float32 result rounded (test/native/04); uint8: the
          // resized bytes. Equal bits either way.
          expect(
            Buffer.compare(
              Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength),
              Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength),
            ),
          ).toBe(0);
        }
      }
    }
  });
});
