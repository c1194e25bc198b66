// TensorRT on a GPU: builds, inspects and runs engines for real. Skipped
// (with the reason) where TensorRT cannot be loaded; REQUIRE_TENSORRT=1 makes
// that a failure. Engines go to a scratch folder and are rebuilt per run.
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceBuffer, HostBuffer, Stream } from '../../lib/cuda/index.js';
import {
  type BuildProgress,
  Engine,
  EngineRunner,
  buildEngine,
  byteLengthOf,
} from '../../lib/trt/index.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { probeTensorRt } from '../helpers/tensorrt.js';
import { expectedScale, writeScaleModel, writeUnparsableModel } from './trt-models.js';

const trt = await probeTensorRt();
const scratch = mkdtempSync(path.join(tmpdir(), 'trtmap-trt-gpu-'));

function randomFloats(count: number, seed: number): Float32Array {
  let state = seed;
  return Float32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state / 2 ** 32 - 0.25;
  });
}

function maxAbsDifference(a: Float32Array, b: Float32Array): number {
  let worst = 0;
  for (let index = 0; index < a.length; index += 1)
    worst = Math.max(worst, Math.abs(a[index]! - b[index]!));
  return worst;
}

describe.skipIf(!trt.available)(
  `TensorRT ${trt.version ?? ''}: a small dynamic-batch model${trt.available ? '' : ` (${trt.reason})`}`,
  () => {
    const model = path.join(scratch, 'scale.onnx');
    const plan = path.join(scratch, 'scale.plan');
    let engine: Engine;

    beforeAll(async () => {
      writeScaleModel(model);
      const phases: string[] = [];
      const result = await buildEngine({
        model,
        output: plan,
        batch: { min: 1, opt: 4, max: 8 },
        timingCache: path.join(scratch, 'timing.cache'),
        onProgress: (progress: BuildProgress) => phases.push(progress.phase),
      });
      expect(result.engineBytes).toBe(statSync(plan).size);
      expect(phases).toEqual(expect.arrayContaining(['parse', 'configure', 'build', 'write']));
      expect(existsSync(path.join(scratch, 'timing.cache'))).toBe(true);
      engine = await Engine.load(plan);
    });
    afterAll(async () => engine?.dispose());

    it('describes the dynamic input with its profile, the output and the device memory', () => {
      expect(engine.inputs).toEqual([
        expect.objectContaining({
          name: 'x',
          dtype: 'float32',
          shape: [-1, 4],
          profile: { min: [1, 4], opt: [4, 4], max: [8, 4] },
        }),
      ]);
      expect(engine.outputs).toEqual([
        expect.objectContaining({ name: 'y', dtype: 'float32', shape: [-1, 4] }),
      ]);
      expect(engine.description.implicitBatch).toBe(false);
      expect(engine.description.tensorrtVersion).toBe(trt.version);
    });

    it('runs batches of 1, 3 and 8 with exact results, copying host memory on the stream', async () => {
      const context = await engine.createContext();
      const input = HostBuffer.allocate(8 * 4 * 4);
      const output = HostBuffer.allocate(8 * 4 * 4);
      try {
        for (const batch of [1, 3, 8]) {
          const values = randomFloats(batch * 4, batch);
          input.view(Float32Array).set(values);
          const result = await context.run(
            { x: { buffer: input, shape: [batch, 4] } },
            { y: output },
            { timings: true, transfer: 'copy' },
          );
          expect(result.outputs.y!.shape).toEqual([batch, 4]);
          expect([...output.view(Float32Array, 0, batch * 4)]).toEqual([...expectedScale(values)]);
          expect(result.timings!.computeMs).toBeGreaterThan(0);
          expect(result.timings!.hostToDeviceMs).toBeGreaterThanOrEqual(0);
        }
        await expect(
          context.run({ x: { buffer: input, shape: [9, 4] } }, { y: output }),
        ).rejects.toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
      } finally {
        await context.dispose();
        await input.dispose();
        await output.dispose();
      }
    });

    it('mapped host memory directly (zero-copy), device buffers, and CUDA-graph replay give the same results', async () => {
      const context = await engine.createContext();
      const values = randomFloats(2 * 4, 7);
      const mappedIn = HostBuffer.allocate(2 * 4 * 4, { mapped: true });
      const mappedOut = HostBuffer.allocate(2 * 4 * 4, { mapped: true });
      const deviceIn = DeviceBuffer.allocate(2 * 4 * 4);
      const deviceOut = DeviceBuffer.allocate(2 * 4 * 4);
      const back = HostBuffer.allocate(2 * 4 * 4);
      const stream = new Stream();
      try {
        mappedIn.view(Float32Array).set(values);
        const shape = [2, 4];
        await context.run(
          { x: { buffer: mappedIn, shape } },
          { y: mappedOut },
          { transfer: 'direct' },
        );
        expect([...mappedOut.view(Float32Array)]).toEqual([...expectedScale(values)]);

        await stream.copy(deviceIn, mappedIn);
        await context.run({ x: { buffer: deviceIn, shape } }, { y: deviceOut });
        await stream.copy(back, deviceOut);
        expect([...back.view(Float32Array)]).toEqual([...expectedScale(values)]);

        const first = await context.run(
          { x: { buffer: deviceIn, shape } },
          { y: deviceOut },
          { cudaGraph: true, timings: true },
        );
        const second = await context.run(
          { x: { buffer: deviceIn, shape } },
          { y: deviceOut },
          { cudaGraph: true, timings: true },
        );
        expect(first.timings!.graphReplayed).toBe(false);
        expect(second.timings!.graphReplayed).toBe(true);
        await stream.copy(back, deviceOut);
        expect([...back.view(Float32Array)]).toEqual([...expectedScale(values)]);
      } finally {
        await context.dispose();
        await Promise.all(
          [mappedIn, mappedOut, deviceIn, deviceOut, back, stream].map((item) => item.dispose()),
        );
      }
    });

    it('EngineRunner: typed arrays in and out, buffers grown and reused, graph replay', async () => {
      const runner = await EngineRunner.open(engine, { cudaGraph: true });
      try {
        for (const batch of [2, 5, 5]) {
          const data = randomFloats(batch * 4, 50 + batch);
          const { outputs, timings } = await runner.run(
            { x: { data, dims: [batch, 4] } },
            { timings: true },
          );
          expect(outputs.y!.dims).toEqual([batch, 4]);
          expect([...outputs.y!.data]).toEqual([...expectedScale(data)]);
          expect(timings!.computeMs).toBeGreaterThan(0);
        }
        await expect(
          runner.run({ x: { data: new Float32Array(3), dims: [1, 4] } }),
        ).rejects.toThrow(expect.objectContaining({ code: 'ERR_SHAPE' }));
      } finally {
        await runner.dispose();
      }
      expect(engine.disposed).toBe(false);
    });

    it('several contexts run concurrently on their own streams', async () => {
      const contexts = await Promise.all([
        engine.createContext(),
        engine.createContext(),
        engine.createContext(),
      ]);
      const buffers = contexts.map(
        () => [HostBuffer.allocate(8 * 16), HostBuffer.allocate(8 * 16)] as const,
      );
      try {
        const inputs = contexts.map((_, index) => randomFloats(8 * 4, 100 + index));
        buffers.forEach(([input], index) => input.view(Float32Array).set(inputs[index]!));
        await Promise.all(
          contexts.map((context, index) =>
            context.run(
              { x: { buffer: buffers[index]![0], shape: [8, 4] } },
              { y: buffers[index]![1] },
            ),
          ),
        );
        buffers.forEach(([, output], index) =>
          expect([...output.view(Float32Array)]).toEqual([...expectedScale(inputs[index]!)]),
        );
      } finally {
        await Promise.all(contexts.map((context) => context.dispose()));
        await Promise.all(buffers.flat().map((buffer) => buffer.dispose()));
      }
    });

    it('dispose waits for a run in flight; a disposed context rejects with ERR_DISPOSED', async () => {
      const context = await engine.createContext();
      const input = HostBuffer.allocate(16);
      const output = HostBuffer.allocate(16);
      const running = context.run({ x: { buffer: input, shape: [1, 4] } }, { y: output });
      await context.dispose();
      await expect(running).resolves.toBeDefined();
      await expect(
        context.run({ x: { buffer: input, shape: [1, 4] } }, { y: output }),
      ).rejects.toThrow(expect.objectContaining({ code: 'ERR_DISPOSED' }));
      await input.dispose();
      await output.dispose();
    });

    it('an engine from bytes equals the one from its file; foreign or truncated bytes are ERR_TRT_ENGINE', async () => {
      const bytes = readFileSync(plan);
      const fromBytes = await Engine.load(new Uint8Array(bytes));
      expect(fromBytes.description).toEqual(engine.description);
      await fromBytes.dispose();
      const foreign = path.join(scratch, 'foreign.plan');
      writeFileSync(foreign, randomFloats(4096, 3));
      await expect(Engine.load(foreign)).rejects.toThrow(
        expect.objectContaining({ code: 'ERR_TRT_ENGINE' }),
      );
      await expect(
        Engine.load(new Uint8Array(bytes.subarray(0, bytes.length >> 1))),
      ).rejects.toThrow(expect.objectContaining({ code: 'ERR_TRT_ENGINE' }));
    });

    it('an INT8 build calibrates from an async iterator, writes the cache, and rebuilds from the cache alone', async () => {
      const cacheFile = path.join(scratch, 'scale.calib');
      async function* samples() {
        for (let index = 0; index < 32; index += 1) yield randomFloats(4, index);
      }
      const first = await buildEngine({
        model,
        output: path.join(scratch, 'scale.int8.plan'),
        precision: 'int8',
        batch: { min: 1, opt: 4, max: 8 },
        calibration: { data: samples(), cacheFile, maxBatches: 5 },
      });
      expect(first.calibrationBatches).toBe(5);
      expect(statSync(cacheFile).size).toBeGreaterThan(0);
      const second = await buildEngine({
        model,
        output: path.join(scratch, 'scale.int8.plan'),
        precision: 'int8',
        batch: { min: 1, opt: 4, max: 8 },
        calibration: { cacheFile },
      });
      expect(second.calibrationBatches).toBe(0);
    });

    it('a calibration iterator that throws rejects the build with its error', async () => {
      async function* failing() {
        yield randomFloats(16, 1);
        throw new Error('dataset went away');
      }
      await expect(
        buildEngine({
          model,
          output: path.join(scratch, 'failing.plan'),
          precision: 'int8',
          batch: { min: 1, opt: 4, max: 8 },
          calibration: { data: failing() },
        }),
      ).rejects.toThrow('dataset went away');
    });

    it('an operator TensorRT cannot parse is ERR_TRT_BUILD naming the node', async () => {
      const logs: string[] = [];
      await expect(
        buildEngine({
          model: writeUnparsableModel(path.join(scratch, 'unparsable.onnx')),
          output: path.join(scratch, 'unparsable.plan'),
          onLog: ({ severity, message }) => logs.push(`${severity}: ${message}`),
        }),
      ).rejects.toThrow(
        expect.objectContaining({
          code: 'ERR_TRT_BUILD',
          message: expect.stringMatching(/node 0.*NoSuchOperator/s),
        }),
      );
      // What TensorRT logged is forwarded (its wording differs between versions).
      expect(logs.every((line) => /^(internal-error|error|warning): /.test(line))).toBe(true);
    });
  },
);

describe.skipIf(!trt.available || fixturesRoot === undefined)(
  `TensorRT: fixture detectors in FP32 and FP16${trt.available ? (fixturesRoot ? '' : ` (${fixturesMissingReason})`) : ` (${trt.reason})`}`,
  () => {
    it.each([
      ['models/fastestdet/FastestDet.onnx', 'input.1', [1, 3, 352, 352], 0.05],
      [
        'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx',
        'input',
        [1, 3, 300, 300],
        0.05,
      ],
    ] as const)(
      '%s builds, inspects and runs; FP16 stays close to FP32',
      async (relative, inputName, shape, tolerance) => {
        const outputs: Record<string, Float32Array>[] = [];
        for (const precision of ['fp32', 'fp16'] as const) {
          const plan = path.join(scratch, `${path.basename(relative, '.onnx')}.${precision}.plan`);
          await buildEngine({
            model: fixture(relative),
            output: plan,
            precision,
            workspace: 1 << 30,
          });
          const engine = await Engine.load(plan);
          expect(engine.inputs.map((input) => [input.name, input.shape])).toEqual([
            [inputName, shape],
          ]);
          expect(engine.description.layers).toBeGreaterThan(0);
          await expect(engine.layerInformation()).resolves.toBeDefined();
          const context = await engine.createContext();
          const input = HostBuffer.allocate(byteLengthOf(engine.inputs[0]!, shape));
          input.view(Float32Array).set(randomFloats(input.byteLength / 4, 11));
          const buffers = Object.fromEntries(
            engine.outputs.map((output) => [
              output.name,
              HostBuffer.allocate(byteLengthOf(output, output.shape)),
            ]),
          );
          const result = await context.run({ [inputName]: input }, buffers, { timings: true });
          expect(result.timings!.computeMs).toBeGreaterThan(0);
          outputs.push(
            Object.fromEntries(
              Object.entries(buffers).map(([name, buffer]) => [
                name,
                buffer.view(Float32Array).slice(),
              ]),
            ),
          );
          await context.dispose();
          await engine.dispose();
          await Promise.all([input, ...Object.values(buffers)].map((buffer) => buffer.dispose()));
        }
        for (const name of Object.keys(outputs[0]!)) {
          expect(maxAbsDifference(outputs[0]![name]!, outputs[1]![name]!)).toBeLessThan(tolerance);
        }
      },
    );
  },
);
