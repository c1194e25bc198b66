import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import type { ParsedArgs } from './args.js';

/**
 * Output files: checked before a run starts (an evaluation can take an hour;
 * a typo in `--report` must not be found at its end), and written after it
 * without losing the metrics when a write fails all the same (disk full,
 * folder removed meanwhile).
 */

/**
 * Throws ERR_INVALID_ARGUMENT unless `file` can be written: not a folder, its
 * folder exists and is writable, and the file itself writable when it exists.
 * `-` (stdout) passes.
 */
export function checkOutputPath(file: string, flag: string): void {
  if (file === '-') return;
  const problem = outputPathProblem(file);
  if (problem !== undefined) {
    throw new TrtmapError('ERR_INVALID_ARGUMENT', `${flag} ${file}: ${problem}`, { file });
  }
}

/** checkOutputPath for each named option given (string or repeated list options). */
export function checkOutputOptions(parsed: ParsedArgs, flags: readonly string[]): void {
  for (const name of flags) {
    const flag = name.length === 1 ? `-${name}` : `--${name}`;
    const value = parsed.values.get(name);
    if (value !== undefined) checkOutputPath(value, flag);
    for (const file of parsed.lists.get(name) ?? []) checkOutputPath(file, flag);
  }
}

function outputPathProblem(file: string): string | undefined {
  if (file === '') return 'an empty file name';
  const stats = statSync(file, { throwIfNoEntry: false });
  if (stats?.isDirectory()) return 'is a folder: give a file name inside it';
  if (stats !== undefined) {
    return writable(file) ? undefined : 'the file exists and cannot be written (permissions)';
  }
  const folder = path.dirname(path.resolve(file));
  const folderStats = statSync(folder, { throwIfNoEntry: false });
  if (folderStats === undefined)
    return `the folder ${folder} does not exist: create it first (mkdir -p) or choose another path`;
  if (!folderStats.isDirectory()) return `${folder} is not a folder`;
  if (!writable(folder)) return `cannot create files in ${folder} (permissions)`;
  return undefined;
}

function writable(file: string): boolean {
  try {
    accessSync(file, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The writes after a run: each failure is recorded, not thrown, so the
 * command still prints what it measured; `finish` then names each file that
 * could not be written, one line each, and turns the exit code into 2.
 */
export class OutputWrites {
  private readonly failures: string[] = [];

  /** Runs `write`; on failure records `file` and the reason. Returns whether it succeeded. */
  attempt(file: string, write: () => void): boolean {
    try {
      write();
      return true;
    } catch (error) {
      const cause = error instanceof Error ? (error as { cause?: unknown }).cause : undefined;
      const reason = cause instanceof Error ? cause.message : (error as Error).message;
      this.failures.push(`could not write ${file}: ${reason}`);
      return false;
    }
  }

  get failed(): boolean {
    return this.failures.length > 0;
  }

  /** Prints the failures (after the metrics); the exit code: `code`, or 2 when a write failed. */
  finish(code: number): number {
    for (const failure of this.failures) {
      process.stderr.write(`trtmap: ERR_IO: ${failure} (the results printed are complete)\n`);
    }
    return this.failed ? 2 : code;
  }
}
