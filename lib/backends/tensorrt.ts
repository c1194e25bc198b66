import { TrtmapError } from '../errors.js';
import { tryLoadNative } from '../native/index.js';
import type { Backend, ModelSource } from './backend.js';

/** How the TensorRT layer (lib/engine, when built) opens a model as a Backend. */
export type TensorRtBackendFactory = (model: ModelSource) => Promise<Backend>;

let factory: TensorRtBackendFactory | undefined;

/** Called by the TensorRT layer to plug itself in (engine + execution context, zero-copy buffers). */
export function registerTensorRtBackend(create: TensorRtBackendFactory): void {
  factory = create;
}

/** Why TensorRT cannot run here, or undefined when it can be tried. */
export function tensorRtUnavailableReason(): string | undefined {
  const native = tryLoadNative();
  if (native.error)
    return `the native addon cannot be loaded (${native.error.message.split('\n')[0]})`;
  if (factory === undefined) return 'this trtmap build has no TensorRT engine layer';
  return undefined;
}

/** Opens the model on TensorRT, or rejects with ERR_BACKEND "TensorRT backend unavailable: <reason>". */
export async function openTensorRt(model: ModelSource): Promise<Backend> {
  const reason = tensorRtUnavailableReason();
  if (reason !== undefined || factory === undefined) {
    throw new TrtmapError('ERR_BACKEND', `TensorRT backend unavailable: ${reason}`);
  }
  return factory(model);
}
