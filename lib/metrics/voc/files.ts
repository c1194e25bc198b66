import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../../errors.js';
import { compareIds } from '../coco/ids.js';

export { readTextFile } from '../../data/text.js';

/**
 * Names (not paths) of the files in a folder whose name ends with
 * `extension` (any case), sorted as Python's sorted() sorts them (by code
 * point). Hidden files are skipped: `.DS_Store`, and the `._name.xml`
 * AppleDouble files macOS puts in archives, which are binary resource forks,
 * not annotations.
 */
export async function listFiles(folder: string, extension: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw fileError(error, folder, 'cannot list the folder');
  }
  return entries
    .filter(
      (entry) =>
        !entry.isDirectory() &&
        !entry.name.startsWith('.') &&
        entry.name.toLowerCase().endsWith(extension),
    )
    .map((entry) => entry.name)
    .sort(compareIds);
}

export async function isDirectory(target: string): Promise<boolean> {
  try {
    return (await fs.stat(target)).isDirectory();
  } catch (error) {
    throw fileError(error, target, 'cannot open');
  }
}

/** The image id a per-image file stands for: its name without the extension. */
export function imageIdOf(fileName: string): string {
  return fileName.slice(0, fileName.length - path.extname(fileName).length);
}

/** Runs `task` over `items` with at most `limit` in flight, keeping the order of results. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

function fileError(error: unknown, file: string, action: string): TrtmapError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') {
    return new TrtmapError('ERR_FILE_NOT_FOUND', `${file}: no such file or folder`, {
      file,
      cause: error,
    });
  }
  if (code === 'ENOTDIR') {
    return new TrtmapError('ERR_FILE_NOT_FOUND', `${file}: not a folder`, { file, cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new TrtmapError('ERR_IO', `${file}: ${action}: ${reason}`, { file, cause: error });
}
