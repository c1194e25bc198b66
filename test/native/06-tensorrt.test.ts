// The TensorRT layer on a machine without TensorRT: every entry point of the
// TypeScript API gets as far as the native side and stops only because
// TensorRT is absent (ERR_TENSORRT_NOT_FOUND), never at an argument error -
// the argument plumbing between lib/trt and binding/trt_* is exercised here
// even though no engine can be built.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { HostBuffer } from '../../lib/cuda/index.js';
import {
  Engine,
  EngineRunner,
  buildEngine,
  tensorrtStatus,
  toNativeRunRequest,
} from '../../lib/trt/index.js';
import { fixture, fixturesRoot } from '../helpers/fixtures.js';
import { native } from '../helpers/native.js';
import { fastestDet } from '../unit/trt/metadata.js';

const status = native === undefined ? undefined : await tensorrtStatus();
const tensorRtPresent = status?.loadedVersion != null;
const scratch = mkdtempSync(path.join(tmpdir(), 'trtmap-trt-'));

const notFound = expect.objectContaining({ code: 'ERR_TENSORRT_NOT_FOUND' });

describe.skipIf(native === undefined || tensorRtPresent)(
  'TensorRT absent: ERR_TENSORRT_NOT_FOUND from every entry point',
  () => {
    it('tensorrtStatus() says what was compiled, what was looked for and why it failed', () => {
      expect(status!.loadedVersion).toBeNull();
      expect(status!.problem?.code).toBe('ERR_TENSORRT_NOT_FOUND');
      if (status!.compiledVersion === null) {
        expect(status!.problem?.message).toMatch(/built without TensorRT headers/);
      } else {
        expect(status!.problem?.message).toMatch(/libnvinfer\.so\.(8|10)/);
      }
    });

    it.skipIf(fixturesRoot === undefined)(
      'buildEngine() with every option reaches the native builder',
      async () => {
        const logs: unknown[] = [];
        async function* calibration() {
          yield new Float32Array(3 * 352 * 352);
        }
        await expect(
          buildEngine({
            model: fixture('models/fastestdet/FastestDet.onnx'),
            output: path.join(scratch, 'fastestdet.plan'),
            precision: 'int8',
            workspace: 256 * 2 ** 20,
            timingCache: path.join(scratch, 'timing.cache'),
            dlaCore: 0,
            gpuFallback: true,
            batch: { min: 1, opt: 1, max: 2 },
            profiles: {
              'input.1': { min: [1, 3, 352, 352], opt: [1, 3, 352, 352], max: [2, 3, 352, 352] },
            },
            calibration: {
              data: calibration(),
              cacheFile: path.join(scratch, 'calib.cache'),
              maxBatches: 2,
            },
            logLevel: 'verbose',
            onLog: (message) => logs.push(message),
            onProgress: (progress) => logs.push(progress),
          }),
        ).rejects.toThrow(notFound);
      },
    );

    it('buildEngine() for a UFF model reaches the native builder too', async () => {
      const model = path.join(scratch, 'ssd.uff');
      writeFileSync(model, 'not really uff');
      await expect(
        buildEngine({
          model,
          output: path.join(scratch, 'ssd.plan'),
          precision: 'fp16',
          uff: { input: 'Input', inputDims: [3, 300, 300], outputs: ['NMS'] },
          maxBatchSize: 2,
        }),
      ).rejects.toThrow(notFound);
    });

    it('buildEngine() still validates in TypeScript first', async () => {
      await expect(
        buildEngine({ model: 'x.onnx', output: 'x.plan', precision: 'fp8' as never }),
      ).rejects.toThrow(expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }));
    });

    it('Engine.load() from a file and from bytes; a missing file is ERR_FILE_NOT_FOUND', async () => {
      const file = path.join(scratch, 'foreign.plan');
      writeFileSync(file, Buffer.alloc(4096, 7));
      await expect(Engine.load(file)).rejects.toThrow(notFound);
      await expect(Engine.load(new Uint8Array(4096))).rejects.toThrow(notFound);
      await expect(Engine.load(path.join(scratch, 'missing.plan'))).rejects.toThrow(
        expect.objectContaining({ code: 'ERR_FILE_NOT_FOUND' }),
      );
      await expect(Engine.load(42 as never)).rejects.toThrow(
        expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
      );
    });

    it('EngineRunner.open() reaches the native loader too', async () => {
      await expect(EngineRunner.open(new Uint8Array(4096), { mapped: false })).rejects.toThrow(
        notFound,
      );
    });

    it('a run request built by lib/trt is understood field by field by the native side', async () => {
      const input = HostBuffer.allocate(3 * 352 * 352 * 4 + 16);
      const output = HostBuffer.allocate(85 * 22 * 22 * 4);
      try {
        const request = toNativeRunRequest(
          fastestDet,
          { 'input.1': { buffer: input, byteOffset: 16 } },
          { '758': output },
          { timings: true, cudaGraph: true, transfer: 'direct' },
        );
        expect(native!.inspectRunRequest(request)).toEqual({
          inputs: [
            {
              name: 'input.1',
              shape: [1, 3, 352, 352],
              byteLength: 3 * 352 * 352 * 4,
              memory: 'host',
              mapped: false,
            },
          ],
          outputs: [{ name: '758', byteLength: 85 * 22 * 22 * 4, memory: 'host', mapped: false }],
          transfer: 'direct',
          timings: true,
          cudaGraph: true,
        });
        // The native side re-checks what could crash it.
        expect(() => native!.inspectRunRequest({ ...request, transfer: 'zero' as never })).toThrow(
          /request\.transfer/,
        );
        expect(() =>
          native!.inspectRunRequest({
            ...request,
            inputs: [{ ...request.inputs[0]!, byteOffset: 1e9 }],
          }),
        ).toThrow(/outside/);
        expect(() =>
          native!.inspectRunRequest({
            ...request,
            outputs: [{ name: 'x', buffer: {} as never, byteOffset: 0 }],
          }),
        ).toThrow(/HostBuffer or DeviceBuffer for x/);
      } finally {
        await input.dispose();
        await output.dispose();
      }
    });

    it('`trtmap build` and `trtmap inspect` exit 2 with the reason; doctor shows TensorRT not found', async () => {
      const { runCli } = await import('../../lib/cli/run.js');
      const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
      const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
      try {
        const engine = path.join(scratch, 'foreign.plan');
        writeFileSync(engine, Buffer.alloc(64));
        expect(await runCli(['inspect', engine, '--json'])).toBe(2);
        const model = path.join(scratch, 'model.onnx');
        writeFileSync(model, 'onnx');
        expect(
          await runCli([
            'build',
            model,
            '--precision',
            'fp16',
            '--batch',
            '1,2,4',
            '--workspace',
            '64',
            '-o',
            path.join(scratch, 'm.plan'),
          ]),
        ).toBe(2);
        const errors = stderr.mock.calls.map((call) => String(call[0])).join('');
        expect(errors.match(/ERR_TENSORRT_NOT_FOUND/g)).toHaveLength(2);
        expect(await runCli(['doctor'])).toBe(0);
        const printed = stdout.mock.calls.map((call) => String(call[0])).join('');
        expect(printed).toMatch(/TensorRT +not found \(/);
        expect(printed).toContain('ERR_TENSORRT_NOT_FOUND');
      } finally {
        stderr.mockRestore();
        stdout.mockRestore();
      }
    });
  },
);
