import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import { checkModelFileKind } from './model-file-kind.js';

/**
 * Input files named on the command line, checked before anything slow starts
 * (TensorRT loading, a dataset walk): a missing one is ERR_FILE_NOT_FOUND
 * saying where it was looked for and, when the folder has a file whose name
 * differs only in case or extension, which one was probably meant.
 */

export type InputKind = 'file' | 'folder' | 'any';

/**
 * Throws ERR_FILE_NOT_FOUND when `file` does not exist, ERR_INVALID_ARGUMENT
 * when it is a folder where a file is expected (or the reverse).
 * `what` names the argument as the user gave it (`--onnx`, `the model`).
 */
export function checkInputPath(file: string, what: string, kind: InputKind = 'file'): void {
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats === undefined) {
    const absolute = path.resolve(file);
    const near = nearNames(file);
    throw new TrtmapError(
      'ERR_FILE_NOT_FOUND',
      `${what} ${file}: no such ${kind === 'folder' ? 'folder' : 'file'}` +
        (absolute !== file ? ` (looked for ${absolute})` : '') +
        (near.length > 0
          ? `; did you mean ${near.map((name) => JSON.stringify(name)).join(' or ')}?`
          : '; check the path'),
      { file },
    );
  }
  if (kind === 'file' && stats.isDirectory())
    throw new TrtmapError('ERR_INVALID_ARGUMENT', `${what} ${file}: is a folder, not a file`, {
      file,
    });
  if (kind === 'folder' && !stats.isDirectory())
    throw new TrtmapError('ERR_INVALID_ARGUMENT', `${what} ${file}: is a file, not a folder`, {
      file,
    });
}

/** Files beside `file` named as it is but for case or extension (at most 3), as the user wrote the path. */
function nearNames(file: string): string[] {
  const folder = path.dirname(file);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const wanted = path.basename(file).toLowerCase();
  const stem = (name: string) => name.toLowerCase().replace(/\.[^.]*$/, '');
  return names
    .filter((name) => name.toLowerCase() === wanted || stem(name) === stem(wanted))
    .slice(0, 3)
    .map((name) => path.join(folder, name));
}

/**
 * The model options the commands share. The dataset options are the dataset
 * readers' to check: they know what a VOC or COCO layout should hold and say so
 * (ERR_DATASET).
 */
const sharedInputs: Record<string, InputKind> = { onnx: 'file', engine: 'file', darknet: 'file' };

/** checkInputPath for each of the model options given. */
export function checkInputOptions(values: ReadonlyMap<string, string>): void {
  for (const [name, kind] of Object.entries(sharedInputs)) {
    const value = values.get(name);
    if (value === undefined) continue;
    checkInputPath(value, `--${name}`, kind);
    if (name === 'onnx' || name === 'engine')
      checkModelFileKind(value, `--${name}`, name, `--${name} takes the model file`);
  }
}
