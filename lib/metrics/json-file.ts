import { TrtmapError } from '../errors.js';
import { type JsonRecordHandler, readJsonRecords, readJsonValue } from './json-records.js';

/**
 * Reads and parses a JSON file whole (json-records.ts: encodings, exact big
 * integers, errors with line and column). A missing file is
 * ERR_FILE_NOT_FOUND naming `what` ("ground-truth", "results"); bad JSON is
 * ERR_PARSE naming the file.
 */
export function readJsonFile(file: string, what: string): unknown {
  return namingWhat(file, what, () => readJsonValue(file));
}

/** Streams a JSON file's records to `handler` (see readJsonRecords), with readJsonFile's errors. */
export function readJsonFileRecords(file: string, what: string, handler: JsonRecordHandler): void {
  namingWhat(file, what, () => readJsonRecords(file, handler));
}

function namingWhat<T>(file: string, what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (
      error instanceof TrtmapError &&
      error.code === 'ERR_FILE_NOT_FOUND' &&
      error.file === file
    ) {
      throw new TrtmapError('ERR_FILE_NOT_FOUND', `${what} file not found: ${file}`, {
        file,
        cause: error,
      });
    }
    throw error;
  }
}
