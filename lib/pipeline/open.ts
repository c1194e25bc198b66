import { type BackendChoice } from '../backends/backend.js';
import { openBackend, type OpenedBackend } from '../backends/select.js';
import { type BoundModel, bindContract } from '../contract/bind.js';
import type { ModelDescription } from '../contract/model.js';
import {
  type ContractRequest,
  type ResolvedContract,
  resolveContract,
} from '../contract/resolve.js';
import { TrtmapError } from '../errors.js';
import { loadModel, type LoadedModel, type ModelFiles } from './model.js';

export interface OpenedModel extends OpenedBackend {
  model: LoadedModel;
  /** What the contract was resolved from. */
  description: ModelDescription;
  resolved: ResolvedContract;
  bound: BoundModel;
}

export interface OpenModelOptions {
  contract?: ContractRequest;
  backend?: BackendChoice;
  threads?: number;
  /** TensorRT plugin libraries the engine needs (--plugins). */
  plugins?: readonly string[];
}

/**
 * Loads the model, opens it on a backend and resolves its contract (lib/contract:
 * metadata, output signature, config file, flags), checked against the
 * backend's view of the model's tensors.
 */
export async function openModel(
  files: ModelFiles,
  options: OpenModelOptions = {},
): Promise<OpenedModel> {
  const model = loadModel(files, options.contract?.flags?.input);
  const opened = await openBackend(options.backend ?? 'auto', model.source, {
    threads: options.threads,
    plugins: options.plugins,
  }).catch((error: unknown) => {
    throw pluginHint(error, model);
  });
  try {
    const description = describeModel(model, opened);
    const resolved = resolveContract(description, options.contract);
    const bound = await bindContract(resolved, description);
    return { ...opened, model, description, resolved, bound };
  } catch (error) {
    await opened.backend.dispose();
    throw error;
  }
}

/** ONNX Runtime failing on a model with TensorRT NMS plugins: say so, and what runs it. */
function pluginHint(error: unknown, model: LoadedModel): unknown {
  const plugins = [...new Set((model.nmsPlugins ?? []).map((node) => node.opType))];
  if (!(error instanceof TrtmapError) || error.code !== 'ERR_ONNX' || plugins.length === 0)
    return error;
  return new TrtmapError(
    'ERR_BACKEND',
    `${model.source.path} contains the TensorRT plugin ${plugins.join(', ')}, which ONNX Runtime cannot run: evaluate it on TensorRT (--backend tensorrt, or its engine with --engine), or the model exported without it (--print-config shows its contract without running it)`,
    { file: model.source.path, cause: error },
  );
}

export function describeModel(model: LoadedModel, opened: OpenedBackend): ModelDescription {
  return {
    path: model.source.path,
    inputs: opened.backend.inputs,
    outputs: opened.backend.outputs,
    metadata: model.metadata,
    darknet: model.yolo,
    nmsPlugins: model.nmsPlugins,
  };
}
