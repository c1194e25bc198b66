import type { InputTensor } from './backend.js';
import { TensorRtBackend, floatInput } from './tensorrt-backend.js';
import { DeviceBuffer } from '../cuda/device_buffer.js';
import { HostBuffer } from '../cuda/host_buffer.js';
import { queryCuda } from '../cuda/info.js';
import { Stream } from '../cuda/stream.js';
import { type BuildResult, buildEngine } from '../trt/build.js';
import type { EngineBuildRequest } from '../trt/engine-cache.js';
import { Engine, type EngineLoadOptions } from '../trt/engine.js';
import { writeTensor } from '../trt/host-tensors.js';
import type { BoundTensor } from '../trt/run-request.js';
import { byteLengthOf, maxShape, resolveInputShape } from '../trt/tensors.js';
import type { EngineToolkit, TimedOptions, TimedRunner } from './tensorrt-toolkit.js';

/** lib/trt behind the narrow interface `compare` and `bench` use. */
export async function createTensorRtToolkit(tensorRtVersion: string): Promise<EngineToolkit> {
  const gpuName = (await queryCuda()).devices[0]?.name ?? 'unknown GPU';
  const description = `TensorRT ${tensorRtVersion} (${gpuName})`;
  return {
    tensorRtVersion,
    gpuName,
    build(request: EngineBuildRequest): Promise<BuildResult> {
      return buildEngine({
        model: request.onnx,
        output: request.output,
        precision: request.precision,
        stronglyTyped: request.stronglyTyped,
        plugins: request.plugins,
        batch:
          (request.batch ?? 1) > 1
            ? { min: 1, opt: request.batch!, max: request.batch! }
            : undefined,
        calibration: request.calibration && {
          data: floatBatches(request.calibration.batches()),
          cacheFile: request.calibration.cache,
        },
      });
    },
    open: (enginePath, options) => TensorRtBackend.open(enginePath, description, options),
    async layerPrecisions(enginePath, options) {
      const engine = await Engine.load(enginePath, options);
      try {
        return await engine.layerPrecisions();
      } finally {
        await engine.dispose();
      }
    },
    openTimed,
  };
}

/**
 * An engine with its inputs written once, for trtexec-style timing: host
 * buffers copied on every run (H2D and D2H measured), or with
 * `transfers: false` device buffers only (trtexec --noDataTransfers).
 */
async function openTimed(
  enginePath: string,
  inputs: Record<string, InputTensor>,
  options: TimedOptions & EngineLoadOptions,
): Promise<TimedRunner> {
  const { cudaGraph, transfers, ...load } = options;
  const engine = await Engine.load(enginePath, load);
  const owned: Array<{ dispose(): Promise<void> }> = [engine];
  const release = () =>
    Promise.all(owned.reverse().map((item) => item.dispose())).then(() => undefined);
  try {
    const stream = new Stream();
    owned.push(stream);
    const bound: Record<string, BoundTensor> = {};
    for (const tensor of engine.inputs) {
      const input = inputs[tensor.name];
      const shape = resolveInputShape(tensor, engine.description, input?.dims ?? []);
      const host = HostBuffer.allocate(byteLengthOf(tensor, shape));
      owned.push(host);
      if (input !== undefined)
        writeTensor(tensor.dtype, floatInput(tensor.name, input), host.arrayBuffer);
      let buffer: HostBuffer | DeviceBuffer = host;
      if (!transfers) {
        buffer = DeviceBuffer.allocate(host.byteLength);
        owned.push(buffer);
        await stream.copy(buffer, host);
      }
      bound[tensor.name] = { buffer, shape };
    }
    const outputs: Record<string, HostBuffer | DeviceBuffer> = {};
    for (const tensor of engine.outputs) {
      const bytes = byteLengthOf(tensor, maxShape(tensor, engine.description));
      outputs[tensor.name] = transfers ? HostBuffer.allocate(bytes) : DeviceBuffer.allocate(bytes);
      owned.push(outputs[tensor.name]);
    }
    const context = await engine.createContext();
    owned.push(context);
    return {
      async run() {
        const { timings } = await context.run(bound, outputs, {
          timings: true,
          cudaGraph,
        });
        return {
          h2dMs: timings!.hostToDeviceMs,
          computeMs: timings!.computeMs,
          d2hMs: timings!.deviceToHostMs,
        };
      },
      dispose: release,
    };
  } catch (error) {
    await release();
    throw error;
  }
}

/** Calibration batches as the float32 tensors TensorRT's calibrator reads. */
async function* floatBatches(
  batches: AsyncIterable<Record<string, InputTensor>>,
): AsyncIterable<Record<string, Float32Array>> {
  for await (const batch of batches) {
    const floats: Record<string, Float32Array> = {};
    for (const [name, tensor] of Object.entries(batch)) floats[name] = floatInput(name, tensor);
    yield floats;
  }
}
