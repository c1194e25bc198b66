import { createRequire } from 'node:module';
import type * as OnnxRuntime from 'onnxruntime-node';
import { TrtmapError } from '../errors.js';
import type { ModelOutput, ModelOutputs } from '../detect/types.js';
import type { Backend, InputTensor, ModelSource, TensorInfo } from './backend.js';

type OnnxRuntimeModule = typeof OnnxRuntime;
let loaded: OnnxRuntimeModule | undefined;

export const onnxRuntimeInstallHint =
  'ONNXRUNTIME_NODE_INSTALL=skip npm install onnxruntime-node (the CPU build; skip keeps its install script from downloading GPU binaries)';

/**
 * onnxruntime-node is an optional peer dependency: loaded on first use, and
 * its absence is an ERR_BACKEND that says how to install it.
 */
export async function loadOnnxRuntime(): Promise<OnnxRuntimeModule> {
  if (loaded) return loaded;
  try {
    loaded = (await import('onnxruntime-node')) as OnnxRuntimeModule;
    return loaded;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new TrtmapError(
      'ERR_BACKEND',
      `ONNX Runtime backend unavailable: onnxruntime-node cannot be loaded (${reason}). Install it with: ${onnxRuntimeInstallHint}`,
      { cause: error },
    );
  }
}

function onnxRuntimeVersion(): string {
  try {
    const require = createRequire(import.meta.url);
    return (require('onnxruntime-node/package.json') as { version: string }).version;
  } catch {
    return 'unknown version';
  }
}

export interface OnnxRuntimeOptions {
  /** Threads per operator (ONNX Runtime's intraOpNumThreads; default: its own choice). */
  threads?: number;
}

/** An ONNX model on ONNX Runtime's CPU execution provider. */
export async function openOnnxRuntime(
  model: ModelSource,
  options: OnnxRuntimeOptions = {},
): Promise<Backend> {
  if (model.kind !== 'onnx') {
    throw new TrtmapError(
      'ERR_BACKEND',
      `ONNX Runtime cannot run the TensorRT engine ${model.path}; give it the ONNX model (--onnx)`,
    );
  }
  const ort = await loadOnnxRuntime();
  let session: OnnxRuntime.InferenceSession;
  try {
    session = await ort.InferenceSession.create(model.bytes, {
      executionProviders: ['cpu'],
      graphOptimizationLevel: 'all',
      // Errors only: older exports list their weights as inputs, and ONNX Runtime warns once per weight.
      logSeverityLevel: 3,
      ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    });
  } catch (error) {
    throw new TrtmapError(
      'ERR_ONNX',
      `${model.path}: ONNX Runtime cannot load the model: ${String(error)}`,
      {
        file: model.path,
        cause: error,
      },
    );
  }
  return new OnnxRuntimeBackend(ort, session);
}

class OnnxRuntimeBackend implements Backend {
  readonly name = 'onnxruntime';
  readonly description = `ONNX Runtime ${onnxRuntimeVersion()} (CPU)`;
  readonly inputs: TensorInfo[];
  readonly outputs: TensorInfo[];

  constructor(
    private readonly ort: OnnxRuntimeModule,
    private readonly session: OnnxRuntime.InferenceSession,
  ) {
    this.inputs = describe(session.inputNames, session.inputMetadata);
    this.outputs = describe(session.outputNames, session.outputMetadata);
  }

  async run(inputs: Readonly<Record<string, InputTensor>>): Promise<ModelOutputs> {
    const feeds: Record<string, OnnxRuntime.Tensor> = {};
    for (const [name, tensor] of Object.entries(inputs)) {
      feeds[name] = new this.ort.Tensor(tensor.type ?? 'float32', tensor.data, tensor.dims);
    }
    const results = await this.session.run(feeds);
    const outputs: Record<string, ModelOutput> = {};
    for (const [name, value] of Object.entries(results)) {
      outputs[name] = { data: numbers(name, value as OnnxRuntime.Tensor), dims: value.dims };
    }
    return outputs;
  }

  dispose(): Promise<void> {
    return this.session.release();
  }
}

function describe(
  names: readonly string[],
  metadata: readonly OnnxRuntime.InferenceSession.ValueMetadata[],
): TensorInfo[] {
  return names.map((name, index) => {
    const entry = metadata[index];
    return entry?.isTensor
      ? { name, shape: entry.shape, type: entry.type }
      : { name, shape: [], type: 'unknown' };
  });
}

function numbers(name: string, tensor: OnnxRuntime.Tensor): Float32Array | Int32Array {
  const data = tensor.data;
  if (data instanceof Float32Array || data instanceof Int32Array) return data;
  if (data instanceof BigInt64Array) return Int32Array.from(data, (value) => Number(value));
  if (data instanceof Float64Array || data instanceof Uint8Array || data instanceof Int8Array) {
    return Float32Array.from(data);
  }
  throw new TrtmapError(
    'ERR_UNSUPPORTED',
    `model output ${name} has type ${tensor.type}, which the decoders do not read`,
  );
}
