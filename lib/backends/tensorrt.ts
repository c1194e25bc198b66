import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import { cachedEngine, defaultEngineCacheDirectory, sha256 } from '../trt/engine-cache.js';
import type { Backend, ModelSource } from './backend.js';
import { loadEngineToolkit } from './tensorrt-toolkit.js';

export interface TensorRtOpenOptions {
  /** Called with what is being done before a long step (an engine build). */
  log?: (message: string) => void;
  /** Plugin libraries the engine (or the ONNX model's custom layers) need, loaded before anything else. */
  plugins?: readonly string[];
}

/**
 * Opens the model on TensorRT: a serialized engine as it is, an ONNX model
 * as the FP32 engine built from it (cached, keyed by model, TensorRT version
 * and GPU, so only the first run pays for the build). Rejects with
 * ERR_BACKEND "TensorRT backend unavailable: <code>: <reason>" where TensorRT
 * cannot run (no addon, no TensorRT headers at build time, no library).
 */
export async function openTensorRt(
  model: ModelSource,
  options: TensorRtOpenOptions = {},
): Promise<Backend> {
  const loaded = await loadEngineToolkit();
  if (!('toolkit' in loaded)) {
    throw new TrtmapError(
      'ERR_BACKEND',
      `TensorRT backend unavailable: ${loaded.code}: ${loaded.reason}`,
      // The machine's lack, not the model's: callers print one short line for it.
      { cause: new TrtmapError(loaded.code, loaded.reason) },
    );
  }
  const { toolkit } = loaded;
  const plugins = options.plugins ?? [];
  if (model.kind === 'engine') return toolkit.open(model.path, { plugins });
  const key = {
    modelSha256: sha256(model.bytes),
    precision: 'fp32' as const,
    batch: 1,
    tensorRtVersion: toolkit.tensorRtVersion,
    gpuName: toolkit.gpuName,
  };
  const directory = defaultEngineCacheDirectory();
  options.log?.(`TensorRT: FP32 engine for ${model.path} (built once, cached in ${directory})`);
  const engine = await cachedEngine(
    toolkit,
    key,
    { onnx: onnxFile(model, key.modelSha256, directory), plugins },
    directory,
  );
  return toolkit.open(engine.path, { plugins });
}

/** The ONNX file to build from: the model's own, or (darknet, converted in memory) a copy in the cache. */
function onnxFile(
  model: Extract<ModelSource, { kind: 'onnx' }>,
  modelSha256: string,
  directory: string,
): string {
  if (model.path.toLowerCase().endsWith('.onnx')) return model.path;
  const file = path.join(directory, `${modelSha256.slice(0, 16)}.onnx`);
  mkdirSync(directory, { recursive: true });
  writeFileSync(file, model.bytes);
  return file;
}
