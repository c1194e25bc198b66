import type { BackendChoice } from '../backends/backend.js';
import type { YoloDecoderMetadata } from '../darknet/metadata.js';
import { bindContract } from '../contract/bind.js';
import type { ModelDescription } from '../contract/model.js';
import { readGraphTensors } from '../contract/onnx-graph.js';
import { formatContract } from '../contract/print.js';
import { type ContractRequest, resolveContract } from '../contract/resolve.js';
import { loadModel, type ModelFiles } from '../pipeline/model.js';
import { openModel } from '../pipeline/open.js';
import { ExitCode } from './command.js';

/**
 * `--print-config`: resolves the model's contract as the command would,
 * prints it as YAML with where each value came from, and stops. An ONNX
 * model's tensors are read from its graph (the same names, shapes and types
 * ONNX Runtime reports), so a model with TensorRT plugins prints too; an
 * engine is opened on TensorRT.
 */
export async function printContract(
  files: ModelFiles,
  request: ContractRequest,
  options: { backend?: BackendChoice; threads?: number } = {},
): Promise<number> {
  const model = loadModel(files);
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
  const opened = await openModel(files, { contract: request, ...options });
  try {
    for (const note of [...opened.notes, ...opened.resolved.notes])
      process.stderr.write(`trtmap: ${note}\n`);
    process.stdout.write(formatContract(opened.resolved, opened.model.source.path));
  } finally {
    await opened.backend.dispose();
  }
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
