import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateCoco } from '../../lib/metrics/index.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { randomCase, type RandomCase } from './coco/random-dataset.js';

const CASES = Number(process.env.TRTMAP_PARITY_CASES ?? 200);
const hasPycocotools = pythonHas('pycocotools', 'numpy');
const referenceScript = readFileSync(
  new URL('./coco/pycocotools_reference.py', import.meta.url),
  'utf8',
);

describe.skipIf(!hasPycocotools)(
  `COCO bbox parity with pycocotools on ${CASES} seeded random cases`,
  () => {
    const directory = mkdtempSync(path.join(tmpdir(), 'trtmap-coco-parity-'));
    afterAll(() => rmSync(directory, { recursive: true, force: true }));
    const cases: Array<{ file: string; data: RandomCase }> = [];
    for (let seed = 1; seed <= CASES; seed++) {
      const data = randomCase(seed);
      const file = path.join(directory, `case-${seed}.json`);
      writeFileSync(file, JSON.stringify(data));
      cases.push({ file, data });
    }
    // One Python process for all cases: interpreter start-up would dominate otherwise.
    const ready = new Promise<void>((resolve) => {
      runPython(
        referenceScript,
        cases.map((entry) => entry.file),
      );
      resolve();
    });

    it.each(cases.map((entry) => [entry.data.seed, entry] as const))(
      'seed %i',
      async (_seed, entry) => {
        await ready;
        const { gt, dt, params } = entry.data;
        const ours = evaluateCoco(gt, dt, params);
        const stats = JSON.parse(readFileSync(`${entry.file}.stats.json`, 'utf8')) as number[];
        expectClose(ours.stats, stats, 'stats');
        for (const key of ['precision', 'recall', 'scores'] as const) {
          const bytes = readFileSync(`${entry.file}.${key}`);
          const reference = new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8);
          expectClose(ours.accumulation[key], reference, key);
        }
      },
    );
  },
);

if (!hasPycocotools) {
  describe('COCO bbox parity with pycocotools', () => {
    it.skip(pythonMissingReason('pycocotools', 'numpy'), () => {});
  });
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
