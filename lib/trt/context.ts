import { withCallSite } from '../native/index.js';
import type { NativeLogMessage, NativeRunTimings, NativeTrtContext } from '../native/types.js';
import { type RunOptions, type TensorBinding, toNativeRunRequest } from './run-request.js';
import type { EngineShapes } from './tensors.js';

export type RunTimings = NativeRunTimings;

export interface RunResult {
  /** The shape each output was computed with (dynamic dimensions resolved). */
  outputs: Record<string, { shape: number[] }>;
  /** With `timings: true`: milliseconds per stage, measured with CUDA events. */
  timings?: RunTimings;
  /**
   * How host memory moved: 'copy' (staged through device buffers on the
   * stream), 'direct' (mapped memory handed to TensorRT), 'none' (device
   * buffers only); `reason` says why, including, for transfer 'auto' on an
   * integrated GPU, the measurement that chose between them.
   */
  transfer: { used: 'copy' | 'direct' | 'none'; reason: string };
  /** What TensorRT logged (warnings and errors) during this run. */
  log: NativeLogMessage[];
}

/**
 * An execution context of an engine, with its own CUDA stream: runs of one
 * context are queued one after another; several contexts run concurrently.
 */
export class ExecutionContext {
  /** @internal */
  constructor(
    /** @internal */ readonly native: NativeTrtContext,
    private readonly engine: EngineShapes,
  ) {}

  /**
   * Runs the engine once. Inputs: every input by name; outputs: the ones
   * wanted (the others go to scratch device memory). Resolves when the
   * outputs are in their buffers; the buffers must not be reused before.
   */
  run(
    inputs: Readonly<Record<string, TensorBinding>>,
    outputs: Readonly<Record<string, TensorBinding>>,
    options: RunOptions = {},
  ): Promise<RunResult> {
    return withCallSite(async () => {
      const request = toNativeRunRequest(this.engine, inputs, outputs, options);
      const result = await this.native.run(request);
      const shapes: RunResult['outputs'] = {};
      for (const output of result.outputs) shapes[output.name] = { shape: output.shape };
      const common = { outputs: shapes, transfer: result.transfer, log: result.log };
      return result.timings === null ? common : { ...common, timings: result.timings };
    });
  }

  get disposed(): boolean {
    return this.native.disposed;
  }

  /** Frees the context (its device memory and stream) once runs in flight have ended. */
  dispose(): Promise<void> {
    return this.native.dispose();
  }
}
