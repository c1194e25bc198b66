import { HostBuffer } from '../cuda/host_buffer.js';
import { queryCuda } from '../cuda/info.js';
import { TrtmapError, invalidArgument } from '../errors.js';
import type { ExecutionContext, RunTimings } from './context.js';
import { Engine, type EngineLoadOptions } from './engine.js';
import { type HostArray, readTensor, writeTensor } from './host-tensors.js';
import type { BoundTensor } from './run-request.js';
import {
  type EngineShapes,
  type TensorInfo,
  byteLengthOf,
  elementCount,
  formatShape,
  maxShape,
  resolveInputShape,
} from './tensors.js';

export interface RunnerTensor {
  data: HostArray;
  dims: readonly number[];
}

export interface RunnerOptions extends EngineLoadOptions {
  /**
   * Mapped host buffers, which an integrated GPU (Jetson) can use in place;
   * default: on an integrated GPU only, where each context measures whether
   * that or copies is faster (ExecutionContext.run's transfer 'auto').
   */
  mapped?: boolean;
  /** Replay each run as a CUDA graph while shapes stay the same. */
  cudaGraph?: boolean;
}

/**
 * Host memory for an output whose shape depends on the data (TensorRT 10,
 * -1 beyond the batch: NonZero, NMS without a fixed count). Its size is
 * known only after a run; a run that needs more fails with ERR_SHAPE naming
 * the bytes (use ExecutionContext.run with a larger buffer then).
 */
export const dataDependentOutputBytes = 16 * 2 ** 20;

/**
 * An output whose size a run decides: -1 anywhere, except a leading -1 that
 * follows a dynamic input batch (an engine whose inputs have a fixed batch
 * has no such -1).
 */
function hasDataDependentShape(tensor: TensorInfo, engine: EngineShapes): boolean {
  const dynamicBatch =
    engine.implicitBatch ||
    engine.tensors.some((input) => input.mode === 'input' && input.shape[0] === -1);
  return tensor.shape.some((extent, axis) => extent < 0 && !(axis === 0 && dynamicBatch));
}

/**
 * An engine, one execution context and host buffers it reuses: runs plain
 * typed arrays (float16 tensors converted), one run at a time - what a
 * backend of the evaluation pipeline needs.
 */
export class EngineRunner {
  private readonly buffers = new Map<string, HostBuffer>();
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly engine: Engine,
    private readonly context: ExecutionContext,
    private readonly options: { mapped: boolean; cudaGraph: boolean },
    private readonly ownsEngine: boolean,
  ) {}

  /** Loads the engine (or uses the one given, which then stays the caller's to dispose). */
  static async open(
    source: string | Uint8Array | Engine,
    options: RunnerOptions = {},
  ): Promise<EngineRunner> {
    const owned = !(source instanceof Engine);
    const { mapped: mappedOption, cudaGraph, ...load } = options;
    const engine = source instanceof Engine ? source : await Engine.load(source, load);
    try {
      const mapped = mappedOption ?? (await queryCuda()).devices[0]?.integrated === true;
      const context = await engine.createContext();
      return new EngineRunner(engine, context, { mapped, cudaGraph: cudaGraph ?? false }, owned);
    } catch (error) {
      if (owned) await engine.dispose();
      throw error;
    }
  }

  /** Runs one batch; resolves with every output, sized by the shape it was computed with. */
  run(
    inputs: Readonly<Record<string, RunnerTensor>>,
    options: { timings?: boolean } = {},
  ): Promise<{ outputs: Record<string, RunnerTensor>; timings?: RunTimings }> {
    const result = this.queue.then(() => this.runNow(inputs, options.timings ?? false));
    this.queue = result.catch(() => undefined);
    return result;
  }

  /** Waits for the runs queued, then frees the context, the buffers and (if loaded here) the engine. */
  async dispose(): Promise<void> {
    await this.queue;
    await this.context.dispose();
    await Promise.all([...this.buffers.values()].map((buffer) => buffer.dispose()));
    this.buffers.clear();
    if (this.ownsEngine) await this.engine.dispose();
  }

  private async runNow(inputs: Readonly<Record<string, RunnerTensor>>, timings: boolean) {
    if (inputs === null || typeof inputs !== 'object')
      throw invalidArgument('an object of { data, dims } by input name', 'inputs', inputs);
    const bound: Record<string, BoundTensor> = {};
    for (const tensor of this.engine.inputs) {
      const input = inputs[tensor.name];
      if (input === undefined)
        throw invalidArgument('{ data, dims }', `inputs.${tensor.name}`, input);
      const shape = resolveInputShape(tensor, this.engine.description, input.dims);
      if (input.data.length !== elementCount(shape)) {
        throw new TrtmapError(
          'ERR_SHAPE',
          `inputs.${tensor.name} has ${input.data.length} values but its shape ${formatShape(shape)} needs ${elementCount(shape)}`,
        );
      }
      const buffer = this.bufferFor(tensor, shape);
      writeTensor(tensor.dtype, input.data, buffer.arrayBuffer);
      bound[tensor.name] = { buffer, shape };
    }
    const outputs: Record<string, HostBuffer> = {};
    for (const tensor of this.engine.outputs) {
      outputs[tensor.name] = hasDataDependentShape(tensor, this.engine.description)
        ? this.bufferOf(tensor, dataDependentOutputBytes)
        : this.bufferFor(tensor, maxShape(tensor, this.engine.description));
    }
    const result = await this.context.run(bound, outputs, {
      timings,
      cudaGraph: this.options.cudaGraph,
    });
    const read: Record<string, RunnerTensor> = {};
    for (const tensor of this.engine.outputs) {
      const dims = result.outputs[tensor.name]!.shape;
      read[tensor.name] = {
        data: readTensor(tensor.dtype, outputs[tensor.name]!.arrayBuffer, elementCount(dims)),
        dims,
      };
    }
    return result.timings === undefined
      ? { outputs: read }
      : { outputs: read, timings: result.timings };
  }

  /** The tensor's host buffer, grown when a larger shape comes. */
  private bufferFor(tensor: TensorInfo, shape: readonly number[]): HostBuffer {
    const bytes = byteLengthOf(tensor, shape);
    if (!Number.isSafeInteger(bytes) || bytes > 2 ** 31) {
      throw new TrtmapError(
        'ERR_UNSUPPORTED',
        `${tensor.mode} ${tensor.name} ${formatShape(tensor.shape)} would need ${bytes} bytes: bind it with ExecutionContext.run`,
      );
    }
    return this.bufferOf(tensor, bytes);
  }

  private bufferOf(tensor: TensorInfo, bytes: number): HostBuffer {
    const key = `${tensor.mode}:${tensor.name}`;
    const existing = this.buffers.get(key);
    if (existing !== undefined && existing.byteLength >= bytes) return existing;
    // Runs are serialised: nothing uses the old buffer any more.
    if (existing !== undefined) void existing.dispose();
    const buffer = HostBuffer.allocate(bytes, { mapped: this.options.mapped });
    this.buffers.set(key, buffer);
    return buffer;
  }
}
