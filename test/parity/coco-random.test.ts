import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, it } from 'vitest';
import { evaluateCoco } from '../../lib/metrics/index.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { expectPycocotoolsNumbers, pycocotoolsReferenceScript } from './coco/pycocotools.js';
import { randomCase, type RandomCase } from './coco/random-dataset.js';

const CASES = Number(process.env.TRTMAP_PARITY_CASES ?? 200);
const hasPycocotools = pythonHas('pycocotools', 'numpy');

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
        pycocotoolsReferenceScript,
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
        expectPycocotoolsNumbers(entry.file, ours.stats, ours.accumulation);
      },
    );
  },
);

if (!hasPycocotools) {
  describe('COCO bbox parity with pycocotools', () => {
    it.skip(pythonMissingReason('pycocotools', 'numpy'), () => {});
  });
}
