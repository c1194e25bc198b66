// Execution contexts against the TensorRT test double (test/native/trt-double),
// which executes nothing: an enqueue checks every address, shape, profile
// and output allocator against TensorRT's documented rules, reads the inputs
// and fills the outputs with a fixed byte pattern (0x7F), so the tests see
// where trtmap put the memory - never an inference result. Run by
// scripts/test-tensorrt-contract.sh; skipped elsewhere.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeviceBuffer, HostBuffer, Stream } from '../../lib/cuda/index.js';
import { Engine, EngineRunner, buildEngine } from '../../lib/trt/index.js';
import {
  doubleMissingReason,
  planBytes,
  scratchFolder,
  useDouble,
  writeModel,
} from '../helpers/trt-double.js';

const double = useDouble();
const build = double?.build;
const major = build?.major ?? 0;
const trt8 = major === 8;
const scratch = scratchFolder();
const pattern = 0x7f;

const filledWithPattern = (bytes: Uint8Array) =>
  bytes.length > 0 && bytes.every((byte) => byte === pattern);

async function dynamicEngine(contexts: number): Promise<Engine> {
  const model = writeModel(path.join(scratch, `dynamic-${contexts}.onnx`), [
    'input x float32 -1,3,4,4',
    'output y float32 -1,10',
    'layer conv Convolution weights=64',
  ]);
  const output = path.join(scratch, `dynamic-${contexts}.plan`);
  await buildEngine({ model, output, batch: { min: 1, opt: 2, max: 4 }, contexts });
  return Engine.load(output);
}

describe.skipIf(build === undefined)(
  `TensorRT ${build?.tensorrt ?? ''} test double (executes nothing): running${build ? '' : ` (${doubleMissingReason})`}`,
  () => {
    it('defect 4: concurrent contexts of a dynamic-shape engine each get a profile; one too many is a clear error', async () => {
      const engine = await dynamicEngine(2);
      const input = HostBuffer.allocate(4 * 3 * 4 * 4 * 4);
      const output = HostBuffer.allocate(4 * 10 * 4);
      const first = await engine.createContext();
      const second = await engine.createContext();
      try {
        for (const context of [first, second]) {
          const result = await context.run(
            { x: { buffer: input, shape: [3, 3, 4, 4] } },
            { y: output },
          );
          expect(result.outputs.y!.shape).toEqual([3, 10]);
        }
        if (trt8) {
          await expect(engine.createContext()).rejects.toThrow(
            expect.objectContaining({
              code: 'ERR_TRT_ENGINE',
              message: expect.stringMatching(/2 optimization profile\(s\).*--contexts N/),
            }),
          );
          await first.dispose();
          const third = await engine.createContext();
          await third.run({ x: { buffer: input, shape: [1, 3, 4, 4] } }, { y: output });
          await third.dispose();
        } else {
          const third = await engine.createContext();
          await third.run({ x: { buffer: input, shape: [1, 3, 4, 4] } }, { y: output });
          await third.dispose();
        }
      } finally {
        await first.dispose();
        await second.dispose();
        await engine.dispose();
        await input.dispose();
        await output.dispose();
      }
    });

    it('defect 6: an address that is not 256-byte aligned is staged, never handed to TensorRT', async () => {
      const engine = await Engine.load(
        planBytes(build!, ['input x float32 1,16', 'output y float32 1,16']),
      );
      const context = await engine.createContext();
      const device = DeviceBuffer.allocate(16 * 4 + 16);
      const out = DeviceBuffer.allocate(16 * 4 + 48);
      const back = HostBuffer.allocate(16 * 4);
      const stream = new Stream();
      try {
        const result = await context.run(
          { x: { buffer: device, byteOffset: 16 } },
          { y: { buffer: out, byteOffset: 48 } },
        );
        expect(result.outputs.y!.shape).toEqual([1, 16]);
        await stream.copy(back, out, { sourceOffset: 48, byteLength: 16 * 4 });
        expect(filledWithPattern(back.view(Uint8Array))).toBe(true);
      } finally {
        await context.dispose();
        await engine.dispose();
        await Promise.all([device, out, back, stream].map((item) => item.dispose()));
      }
    });

    it('defect 5: outputs of data-dependent shape get an IOutputAllocator and their real shape (TensorRT 10+)', async () => {
      const plan = planBytes(build!, [
        'input x float32 1,16',
        'output dets float32 -1,7 produces=5,7',
        'output count int32 1',
      ]);
      const engine = await Engine.load(plan);
      const context = await engine.createContext();
      const input = HostBuffer.allocate(16 * 4);
      const dets = HostBuffer.allocate(1024);
      const count = HostBuffer.allocate(4);
      try {
        if (trt8) {
          await expect(context.run({ x: input }, { dets, count })).rejects.toThrow(
            expect.objectContaining({
              code: 'ERR_UNSUPPORTED',
              message: expect.stringMatching(/data-dependent shape.*TensorRT 10/),
            }),
          );
          return;
        }
        dets.view(Uint8Array).fill(0);
        const result = await context.run({ x: input }, { dets, count });
        expect(result.outputs.dets!.shape).toEqual([5, 7]);
        expect(filledWithPattern(dets.view(Uint8Array, 0, 5 * 7 * 4))).toBe(true);
        expect(dets.view(Uint8Array)[5 * 7 * 4]).toBe(0);
        const small = HostBuffer.allocate(64);
        await expect(context.run({ x: input }, { dets: small, count })).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_SHAPE',
            message: expect.stringMatching(/data-dependent shape \[5,7\].*140 bytes/),
          }),
        );
        await small.dispose();
        const runner = await EngineRunner.open(plan, { mapped: false });
        const { outputs } = await runner.run({ x: { data: new Float32Array(16), dims: [1, 16] } });
        expect(outputs.dets!.dims).toEqual([5, 7]);
        await runner.dispose();
      } finally {
        await context.dispose();
        await engine.dispose();
        await Promise.all([input, dets, count].map((item) => item.dispose()));
      }
    });

    it('defect 8: vectorized I/O formats: scratch sized with the padded dimension, binding refused naming the format', async () => {
      const engine = await Engine.load(
        planBytes(build!, [
          'input x float32 1,16',
          'output packed int8 1,48,2,2 vec=1:32',
          'output y float32 1,16',
        ]),
      );
      expect(engine.outputs.find((tensor) => tensor.name === 'packed')).toMatchObject({
        vectorized: { dimension: 1, components: 32 },
        format: 'Channel major Int8 format where channel % 32 == 0',
      });
      const context = await engine.createContext();
      const input = HostBuffer.allocate(16 * 4);
      const y = HostBuffer.allocate(16 * 4);
      const packed = HostBuffer.allocate(64 * 2 * 2);
      try {
        // 48 channels padded to 64: TensorRT writes 256 bytes, not 192.
        await context.run({ x: input }, { y });
        expect(filledWithPattern(y.view(Uint8Array))).toBe(true);
        await expect(context.run({ x: input }, { y, packed })).rejects.toThrow(
          expect.objectContaining({
            code: 'ERR_UNSUPPORTED',
            message: expect.stringMatching(
              /packed uses the vectorized format "Channel major Int8 format where channel % 32 == 0"/,
            ),
          }),
        );
      } finally {
        await context.dispose();
        await engine.dispose();
        await Promise.all([input, y, packed].map((item) => item.dispose()));
      }
    });

    it('defect 10: shape tensors located on the host get host memory (8.x: setInputShapeBinding)', async () => {
      const engine = await Engine.load(
        planBytes(build!, [
          'input x float32 1,16',
          'input size int32 2 host shape',
          'output y float32 1,16',
        ]),
      );
      expect(engine.inputs.find((tensor) => tensor.name === 'size')?.location).toBe('host');
      const context = await engine.createContext();
      const input = HostBuffer.allocate(16 * 4);
      const hostSize = HostBuffer.allocate(8);
      const deviceSize = DeviceBuffer.allocate(8);
      const y = HostBuffer.allocate(16 * 4);
      try {
        hostSize.view(Int32Array).set([4, 4]);
        await context.run({ x: input, size: hostSize }, { y }, { transfer: 'copy' });
        await context.run({ x: input, size: deviceSize }, { y });
        expect(filledWithPattern(y.view(Uint8Array))).toBe(true);
      } finally {
        await context.dispose();
        await engine.dispose();
        await Promise.all([input, hostSize, deviceSize, y].map((item) => item.dispose()));
      }
    });

    it('defect 11: what TensorRT logs during a run comes back with that run', async () => {
      const engine = await Engine.load(
        planBytes(build!, [
          'input x float32 1,16',
          'output y float32 1,16',
          'warn-on-enqueue the double warns during this enqueue',
        ]),
      );
      const context = await engine.createContext();
      const input = HostBuffer.allocate(16 * 4);
      const y = HostBuffer.allocate(16 * 4);
      try {
        const result = await context.run({ x: input }, { y });
        expect(result.log).toEqual([
          { severity: 'warning', message: 'the double warns during this enqueue' },
        ]);
      } finally {
        await context.dispose();
        await engine.dispose();
        await Promise.all([input, y].map((item) => item.dispose()));
      }
    });

    it('defect 12: on an integrated GPU, mapped memory or copies is chosen by measuring both', async () => {
      process.env.TRTMAP_FAKE_GPU = 'nano';
      const engine = await Engine.load(
        planBytes(build!, ['input x float32 1,16', 'output y float32 1,16']),
      );
      const context = await engine.createContext();
      const input = HostBuffer.allocate(16 * 4, { mapped: true });
      const y = HostBuffer.allocate(16 * 4, { mapped: true });
      try {
        const used: string[] = [];
        let reason = '';
        for (let run = 0; run < 10; run += 1) {
          const result = await context.run({ x: input }, { y });
          used.push(result.transfer.used);
          reason = result.transfer.reason;
        }
        expect(used.slice(0, 8)).toEqual([
          'direct',
          'copy',
          'direct',
          'copy',
          'direct',
          'copy',
          'direct',
          'copy',
        ]);
        expect(reason).toMatch(
          /^measured on this integrated GPU: mapped memory [\d.]+ ms vs copies [\d.]+ ms per run: (mapped memory|copies)$/,
        );
        expect(new Set(used.slice(8)).size).toBe(1);
        const copy = await context.run({ x: input }, { y }, { transfer: 'copy' });
        expect(copy.transfer).toEqual({ used: 'copy', reason: "transfer 'copy'" });
      } finally {
        delete process.env.TRTMAP_FAKE_GPU;
        await context.dispose();
        await engine.dispose();
        await Promise.all([input, y].map((item) => item.dispose()));
      }
    });
  },
);
