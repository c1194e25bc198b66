import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { UserDecodeFunction } from '../detect/user-decoder.js';
import { TrtmapError } from '../errors.js';

/**
 * Loads a user's decoder module (`--decoder ./my-decoder.mjs`): its default
 * export, or its `decode` export, is the function from the model's named
 * outputs to one image's detections (see lib/detect/user-decoder.ts); an
 * optional `export const postNms = true` says its detections are final.
 */
export async function loadUserDecoder(
  file: string | undefined,
): Promise<{ decode: UserDecodeFunction; postNms: boolean; source: string }> {
  if (file === undefined) {
    throw new TrtmapError(
      'ERR_MODEL_CONTRACT',
      'the custom family needs a decoder module: --decoder ./my-decoder.mjs',
    );
  }
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(path.resolve(file)).href)) as Record<string, unknown>;
  } catch (error) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--decoder ${file}: cannot load the module (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`,
      { file, cause: error },
    );
  }
  const decode = typeof module.default === 'function' ? module.default : module.decode;
  if (typeof decode !== 'function') {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--decoder ${file}: the module exports no function (export default function decode(outputs, context) { ... })`,
      { file },
    );
  }
  return { decode: decode as UserDecodeFunction, postNms: module.postNms === true, source: file };
}
