import { readFile } from 'node:fs/promises';
import { TrtmapError } from '../errors.js';
import { engineFileFacts, type EngineFileFacts } from '../trt/index.js';

/** Error codes meaning "TensorRT cannot run here", as opposed to "TensorRT refused this file". */
const tensorRtUnavailable = new Set([
  'ERR_TENSORRT_NOT_FOUND',
  'ERR_TENSORRT_VERSION',
  'ERR_NATIVE_LOAD',
  'ERR_NO_CUDA_DEVICE',
]);

/** Whether `error` says that TensorRT is unavailable on this machine. */
export function isTensorRtUnavailable(error: unknown): error is TrtmapError {
  return error instanceof TrtmapError && tensorRtUnavailable.has(error.code);
}

/** The file's facts readable without TensorRT (ERR_FILE_NOT_FOUND / ERR_IO as readEngineFile). */
export async function readEngineFileFacts(file: string): Promise<EngineFileFacts> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw new TrtmapError('ERR_IO', `cannot read the engine ${file}`, { file, cause: error });
  }
  return engineFileFacts(bytes);
}

const needsTensorRt =
  'input and output tensors, device memory, layers and their precisions need TensorRT';

/** `inspect` without TensorRT: what the bytes say, and what needs TensorRT; text or JSON. */
export function formatOfflineInspection(
  file: string,
  facts: EngineFileFacts,
  unavailable: TrtmapError,
  json: boolean,
): string {
  const builtBy = !facts.planHeader
    ? null
    : (facts.planHeader.version ??
      `${facts.planHeader.release}.x (serialization version ${facts.planHeader.serializationVersion})`);
  if (json)
    return JSON.stringify(
      {
        file,
        fileBytes: facts.fileBytes,
        planBytes: facts.planBytes,
        builtByTensorRt: builtBy,
        ...(facts.metadata === undefined ? {} : { metadata: facts.metadata }),
        warnings: facts.warnings,
        notRead: `${needsTensorRt} (${unavailable.code})`,
      },
      null,
      2,
    );
  const header = facts.fileBytes - facts.planBytes;
  const lines = [
    `${file} (read without TensorRT: ${unavailable.code})`,
    `File          ${facts.fileBytes} bytes${header > 0 ? ` (${header} bytes of Ultralytics header, then a ${facts.planBytes}-byte plan)` : ''}`,
    `Built by      ${builtBy === null ? 'unknown: the plan header is none trtmap can read (not a TensorRT plan, a plan older than TensorRT 8, or a damaged file)' : `TensorRT ${builtBy} (plan header)`}`,
  ];
  if (facts.metadata !== undefined)
    lines.push(`Metadata      ${JSON.stringify(facts.metadata)} (Ultralytics)`);
  lines.push(`Not read      ${needsTensorRt}: trtmap doctor says why it is not available here`);
  return lines.join('\n');
}
