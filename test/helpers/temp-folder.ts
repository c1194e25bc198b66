import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** A test file's own temporary folder and a writer of files into it. */
export interface TempFolder {
  /** Absolute path of the folder (under the OS temp folder, unique: /tmp is shared). */
  folder: string;
  /** Writes `content` at `relative` (making its parent folders) and returns the absolute path. */
  write(relative: string, content: string | Buffer): string;
}

/**
 * Makes a unique temporary folder named `<prefix>XXXXXX` and removes it after the
 * calling test file's tests (vitest `afterAll`), so call it at collection time.
 */
export function tempFolder(prefix: string): TempFolder {
  const folder = mkdtempSync(path.join(tmpdir(), prefix));
  afterAll(() => rmSync(folder, { recursive: true, force: true }));
  return {
    folder,
    write(relative, content) {
      const file = path.join(folder, relative);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, content);
      return file;
    },
  };
}
