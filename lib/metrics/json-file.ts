import { readFileSync } from 'node:fs';
import { TrtmapError } from '../errors.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';

/** Reads and parses a JSON file; a missing file or bad JSON is a TrtmapError naming the file. */
export function readJsonFile(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new TrtmapError('ERR_FILE_NOT_FOUND', `${what} file not found: ${file}`, {
        file,
        cause: error,
      });
    }
    throw new TrtmapError(
      'ERR_IO',
      `cannot read ${what} file ${file}: ${(error as Error).message}`,
      {
        file,
        cause: error,
      },
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TrtmapError(
      'ERR_PARSE',
      `${file}: malformed JSON (${describeJsonError(error, text)})`,
      {
        file,
        cause: error,
      },
    );
  }
}

/** "expected ',' or '}' at line 3, column 5", found by our own scan (V8's messages vary by version). */
function describeJsonError(error: unknown, text: string): string {
  const found = findJsonSyntaxError(text);
  if (found === undefined) return (error as Error).message.split('\n')[0];
  const { line, column } = lineAndColumn(text, found.offset);
  const where =
    found.offset >= text.length ? 'at the end of the text' : `at line ${line}, column ${column}`;
  return `expected ${found.expected} ${where}`;
}
