import { TrtmapError } from '../errors.js';
import type { Backend, BackendChoice, ModelSource } from './backend.js';
import { openOnnxRuntime, type OnnxRuntimeOptions } from './onnxruntime.js';
import { openTensorRt, type TensorRtOpenOptions } from './tensorrt.js';
import { tensorRtAbsent } from './tensorrt-absent.js';

export interface OpenedBackend {
  backend: Backend;
  /** Why the choice fell where it did (e.g. "TensorRT backend unavailable: ..."), for the user. */
  notes: string[];
}

/**
 * `--backend auto` takes TensorRT when it can run the model and ONNX Runtime
 * otherwise, saying why; an explicit choice that fails is an error.
 */
export async function openBackend(
  choice: BackendChoice,
  model: ModelSource,
  options: OnnxRuntimeOptions & Pick<TensorRtOpenOptions, 'plugins'> = {},
): Promise<OpenedBackend> {
  const { plugins, ...onnxRuntime } = options;
  if (choice === 'onnxruntime')
    return { backend: await openOnnxRuntime(model, onnxRuntime), notes: [] };
  if (choice === 'tensorrt' || model.kind === 'engine') {
    return { backend: await openTensorRt(model, { plugins }), notes: [] };
  }
  try {
    return { backend: await openTensorRt(model, { plugins }), notes: [] };
  } catch (error) {
    if (!(error instanceof TrtmapError) || error.code !== 'ERR_BACKEND') throw error;
    const backend = await openOnnxRuntime(model, onnxRuntime);
    const cause = (error as { cause?: unknown }).cause;
    const why = cause instanceof TrtmapError ? tensorRtAbsent(cause.code) : error.message;
    return { backend, notes: [`${why}; using ${backend.description}`] };
  }
}
