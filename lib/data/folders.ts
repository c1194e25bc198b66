import { statSync } from 'node:fs';
import { TrtmapError } from '../errors.js';

/** Throws ERR_DATASET naming `what` unless `folder` is an existing directory. */
export function requireDirectory(folder: string, what: string): void {
  let isDirectory = false;
  try {
    isDirectory = statSync(folder).isDirectory();
  } catch {
    throw new TrtmapError('ERR_DATASET', `${what} ${folder} does not exist`, { file: folder });
  }
  if (!isDirectory) {
    throw new TrtmapError('ERR_DATASET', `${what} ${folder} is not a folder`, { file: folder });
  }
}

export function isDirectory(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}
