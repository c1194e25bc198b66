import { writeFileSync } from 'node:fs';
import { TrtmapError } from '../errors.js';
import { renderHtml } from './html.js';
import { renderMarkdown } from './markdown.js';
import type { ComparisonRun } from './result.js';

/** Writes the report in the format its extension names: .html / .htm or .md / .markdown. */
export function writeReport(run: ComparisonRun, file: string): void {
  const lower = file.toLowerCase();
  let text: string;
  if (lower.endsWith('.html') || lower.endsWith('.htm')) text = renderHtml(run);
  else if (lower.endsWith('.md') || lower.endsWith('.markdown')) text = renderMarkdown(run);
  else
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected a file ending in .html or .md for --report but received ${JSON.stringify(file)}`,
    );
  writeTextFile(file, text);
}

/** The whole run as JSON, numbers at full precision (what `trtmap report` reads back). */
export function writeComparisonJson(run: ComparisonRun, file: string): void {
  writeTextFile(file, JSON.stringify(run, null, 1) + '\n');
}

/** Writes `text` (UTF-8) to `file`; ERR_IO naming the file and the system's reason when it cannot. */
export function writeTextFile(file: string, text: string): void {
  try {
    writeFileSync(file, text);
  } catch (error) {
    throw new TrtmapError('ERR_IO', `cannot write ${file}: ${(error as Error).message}`, {
      file,
      cause: error,
    });
  }
}
