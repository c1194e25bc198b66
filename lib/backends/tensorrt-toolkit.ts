import type { RunTimings } from '../bench/harness.js';
import { type ErrorCode, ErrorCodes } from '../errors.js';
import type { BuildResult } from '../trt/build.js';
import type { EngineBuildRequest } from '../trt/engine-cache.js';
import type { EngineLoadOptions } from '../trt/engine.js';
import type { LayerPrecisions } from '../trt/layer-precisions.js';
import { tensorrtStatus } from '../trt/status.js';
import type { Backend, InputTensor } from './backend.js';
import { createTensorRtToolkit } from './tensorrt-timed.js';

export { precisionNames, type EngineBuildRequest, type Precision } from '../trt/engine-cache.js';

export interface TimedOptions {
  /** Replay the run as a CUDA graph (trtexec --useCudaGraph). */
  cudaGraph: boolean;
  /** false: inputs stay on the device, no H2D/D2H (trtexec --noDataTransfers). */
  transfers: boolean;
  /** Plugin libraries the engines need (--plugins), loaded before any engine. */
  plugins?: readonly string[];
}

/** A context with its inputs bound once: each run() is one enqueue, timed with CUDA events. */
export interface TimedRunner {
  run(): Promise<RunTimings>;
  dispose(): Promise<void>;
}

/**
 * What `compare`, `bench` and the pipeline need from the TensorRT layer
 * (lib/trt), kept this narrow so the orchestration is testable without
 * TensorRT and the layer's own API can change behind one adapter.
 */
export interface EngineToolkit {
  /** The TensorRT version loaded, e.g. "10.3.0" (part of the engine cache key). */
  readonly tensorRtVersion: string;
  /** The GPU the engines are built for, e.g. "Orin (nvgpu)" (part of the cache key). */
  readonly gpuName: string;
  /** Builds the engine; the result says what was built (layer precisions, warnings). */
  build(request: EngineBuildRequest): Promise<BuildResult | void>;
  /** The engine as a Backend: what evaluation and the tensor diffs run. */
  open(enginePath: string, options?: EngineLoadOptions): Promise<Backend>;
  /** Layers per precision from the engine inspector (null: the engine lacks layer types). */
  layerPrecisions?(
    enginePath: string,
    options?: EngineLoadOptions,
  ): Promise<LayerPrecisions | null>;
  openTimed(
    enginePath: string,
    inputs: Record<string, InputTensor>,
    options: TimedOptions & EngineLoadOptions,
  ): Promise<TimedRunner>;
}

/** Why TensorRT cannot run here: a stable code and a sentence. */
export interface Unavailable {
  code: ErrorCode;
  reason: string;
}

export type ToolkitLoad = { toolkit: EngineToolkit } | Unavailable;

/** "<code>: <reason>", as skipped legs print it. */
export function describeUnavailable(unavailable: Unavailable): string {
  return `${unavailable.code}: ${unavailable.reason}`;
}

/**
 * The TensorRT layer if this machine can run it, else why not, as lib/trt's
 * `tensorrtStatus()` reports it (addon not loadable, built without TensorRT
 * headers, libraries missing or of another version). Never throws.
 */
export async function loadEngineToolkit(): Promise<ToolkitLoad> {
  const status = await tensorrtStatus();
  if (status.problem) {
    const code = (ErrorCodes as readonly string[]).includes(status.problem.code)
      ? (status.problem.code as ErrorCode)
      : 'ERR_TENSORRT_NOT_FOUND';
    return { code, reason: status.problem.message.split('\n')[0] };
  }
  return { toolkit: await createTensorRtToolkit(status.loadedVersion ?? 'unknown') };
}
