import { readFileSync } from 'node:fs';
import { TrtmapError } from '../errors.js';

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

/** V8 reports a character offset; users want a line and column. */
function describeJsonError(error: unknown, text: string): string {
  const message = (error as Error).message;
  const match = /position (\d+)/.exec(message);
  if (!match) return message;
  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `${message.replace(/ in JSON at position \d+.*$/, '')} at line ${line}, column ${column}`;
}
