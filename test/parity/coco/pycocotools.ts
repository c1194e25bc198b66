import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { CocoAccumulation } from '../../../lib/metrics/coco/index.js';

/**
 * pycocotools_reference.py's text, for runPython: given case files, it writes
 * beside each <case>.stats.json and <case>.precision / .recall / .scores.
 */
export const pycocotoolsReferenceScript = readFileSync(
  new URL('./pycocotools_reference.py', import.meta.url),
  'utf8',
);

/**
 * trtmap's 12 stats and its precision, recall and scores arrays equal, to
 * 1e-12, what pycocotools_reference.py wrote for the case file `file`.
 */
export function expectPycocotoolsNumbers(
  file: string,
  stats: ArrayLike<number>,
  accumulation: CocoAccumulation,
): void {
  const reference = JSON.parse(readFileSync(`${file}.stats.json`, 'utf8')) as number[];
  expectClose(stats, reference, 'stats');
  for (const key of ['precision', 'recall', 'scores'] as const) {
    const bytes = readFileSync(`${file}.${key}`);
    const expected = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
    expectClose(accumulation[key], expected, key);
  }
}

/** Equal to 1e-12, with the first differing index in the message when not. */
function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  expect(actual.length, `${what} length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-12)) {
      expect.fail(`${what}[${i}] = ${actual[i]}, pycocotools ${expected[i]}`);
    }
  }
}
