import type { BackendChoice } from '../backends/backend.js';
import type { YoloDecoderMetadata } from '../darknet/metadata.js';
import { bindContract } from '../contract/bind.js';
import type { ModelDescription } from '../contract/model.js';
import { readGraphTensors } from '../contract/onnx-graph.js';
import { resolveEngineWithoutTensors } from '../contract/engine-partial.js';
import { formatContract, formatPartialContract } from '../contract/print.js';
import { TrtmapError } from '../errors.js';
import { type ContractRequest, resolveContract } from '../contract/resolve.js';
import { loadModel, type ModelFiles } from '../pipeline/model.js';
import { openModel } from '../pipeline/open.js';
import { ExitCode } from './command.js';

/**
 * `--print-config`: resolves the model's contract as the command would,
 * prints it as YAML with where each value came from, and stops. An ONNX
 * model's tensors are read from its graph (the same names, shapes and types
 * ONNX Runtime reports), so a model with TensorRT plugins prints too; an
 * engine is opened on TensorRT, or, where it cannot be, read from its header.
 */
export async function printContract(
  files: ModelFiles,
  request: ContractRequest,
  options: { backend?: BackendChoice; threads?: number } = {},
): Promise<number> {
  const model = loadModel(files, request.flags?.input);
  if (model.source.kind === 'onnx') {
    const description: ModelDescription = {
      path: model.source.path,
      ...readGraphTensors(model.source.bytes),
      metadata: model.metadata,
      darknet: model.yolo,
      nmsPlugins: model.nmsPlugins,
    };
    const resolved = resolveContract(description, request);
    await bindContract(resolved, description); // loads and checks a user decoder
    for (const note of resolved.notes) process.stderr.write(`trtmap: ${note}\n`);
    process.stdout.write(formatContract(resolved, model.source.path));
    return ExitCode.Ok;
  }
  let opened: Awaited<ReturnType<typeof openModel>>;
  try {
    opened = await openModel(files, { contract: request, ...options });
  } catch (error) {
    const reason = machineLack(error);
    if (reason === undefined) throw error;
    return printEngineWithoutTensorRT(model.source.path, model.metadata, request, reason);
  }
  try {
    for (const note of [...opened.notes, ...opened.resolved.notes])
      process.stderr.write(`trtmap: ${note}\n`);
    process.stdout.write(formatContract(opened.resolved, opened.model.source.path));
  } finally {
    await opened.backend.dispose();
  }
  return ExitCode.Ok;
}

/** Why an engine cannot be opened on this machine (as opposed to a broken engine or contract). */
const cannotOpenHere = new Set<string>([
  'ERR_TENSORRT_NOT_FOUND',
  'ERR_NO_CUDA_DEVICE',
  'ERR_NATIVE_LOAD',
  'ERR_UNSUPPORTED',
]);

/** The machine's lack behind an error (TensorRT's backend wraps it in ERR_BACKEND), if that is what it is. */
function machineLack(error: unknown): TrtmapError | undefined {
  if (!(error instanceof TrtmapError)) return undefined;
  if (cannotOpenHere.has(error.code)) return error;
  const cause = (error as { cause?: unknown }).cause;
  return error.code === 'ERR_BACKEND' ? machineLack(cause) : undefined;
}

/**
 * An engine's contract without TensorRT: what its header (Ultralytics
 * metadata), the preset, the config file and the flags say, and which keys
 * wait for the engine to be opened. Exit 0: the user asked what is known.
 */
function printEngineWithoutTensorRT(
  path: string,
  metadata: Record<string, unknown> | undefined,
  request: ContractRequest,
  reason: TrtmapError,
): number {
  const partial = resolveEngineWithoutTensors(metadata, request);
  process.stderr.write(
    `trtmap: the engine cannot be opened here (${reason.code}), so its tensors are unknown; printing what its header${metadata === undefined ? ' (a bare TensorRT plan: none)' : ''}, the preset, --model-config and the flags say\n`,
  );
  for (const note of partial.notes) process.stderr.write(`trtmap: ${note}\n`);
  process.stdout.write(
    formatPartialContract(partial.values, partial.sources, partial.needsEngine, path),
  );
  return ExitCode.Ok;
}

/** `trtmap convert darknet --print-config`: the contract of the converted model, from its graph and decode metadata. */
export function printConvertedContract(
  onnx: Uint8Array,
  darknet: YoloDecoderMetadata,
  path: string,
): void {
  const description: ModelDescription = { path, ...readGraphTensors(onnx), darknet };
  process.stdout.write(formatContract(resolveContract(description), path));
}
