import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInput, type Finding, saveFinding } from './check.js';
import { materialize, mutatedInput } from './mutate.js';
import { targets } from './targets.js';

/**
 * The TypeScript fuzzer (fast-check): `TRTMAP_FUZZ_SECONDS=<s per target>`
 * runs every target for that long (CI: a short pass), or
 * `TRTMAP_FUZZ_RUNS=<n per target>` for a fixed count; `TRTMAP_FUZZ_TARGETS`
 * picks targets (comma-separated), `TRTMAP_FUZZ_SEED` fixes the seed. Inputs
 * that fail are saved to `TRTMAP_FUZZ_FINDINGS` (default a temp folder) for
 * test/fuzz/corpus/, and a summary line per target is written to
 * `TRTMAP_FUZZ_REPORT` when set (FUZZING.md records runs). Without either
 * variable nothing runs: test/unit/fuzz-corpus.test.ts replays the corpus
 * of past findings in every test run.
 */
const seconds = Number(process.env.TRTMAP_FUZZ_SECONDS ?? 0);
const runs = Number(process.env.TRTMAP_FUZZ_RUNS ?? 0);
const chosen = process.env.TRTMAP_FUZZ_TARGETS?.split(',');
const findingsFolder =
  process.env.TRTMAP_FUZZ_FINDINGS ?? path.join(tmpdir(), 'trtmap-fuzz-findings');
const enabled = seconds > 0 || runs > 0;
const report: string[] = [];

describe.skipIf(!enabled)('fuzzing the TypeScript readers (fast-check)', () => {
  for (const target of targets.filter(
    (item) => chosen === undefined || chosen.includes(item.name),
  )) {
    it(
      target.name,
      () => {
        const seeds = target.seeds();
        const findings: Finding[] = [];
        const start = Date.now();
        // Half the inputs from the format's grammar where the target has one, half mutated seeds.
        const mutated = mutatedInput.map((input) => materialize(input, seeds, target.tokens));
        const inputs = target.structured ? fc.oneof(mutated, target.structured) : mutated;
        // Memory growth without bound: the heap sampled every 20,000 inputs; the lowest of the
        // last three samples (GC timing aside) against the first, after warm-up.
        const heap: number[] = [];
        let count = 0;
        const details = fc.check(
          fc.property(inputs, (bytes) => {
            if (++count % 20_000 === 0) heap.push(process.memoryUsage().heapUsed / 2 ** 20);
            const found = checkInput(target, bytes);
            if (found !== undefined && findings.length < 50) {
              findings.push(found);
              saveFinding(findingsFolder, found);
            }
          }),
          {
            numRuns: runs > 0 ? runs : Number.MAX_SAFE_INTEGER,
            interruptAfterTimeLimit: seconds > 0 ? seconds * 1000 : undefined,
            markInterruptAsFailure: false,
            seed: process.env.TRTMAP_FUZZ_SEED ? Number(process.env.TRTMAP_FUZZ_SEED) : undefined,
          },
        );
        const growth = heap.length >= 4 ? Math.min(...heap.slice(-3)) - heap[0] : 0;
        if (growth > 256) {
          findings.push({
            target: target.name,
            kind: 'memory',
            message: `heap grew by ${Math.round(growth)} MB over ${count} inputs`,
            bytes: new Uint8Array(0),
          });
        }
        const line = {
          target: target.name,
          inputs: details.numRuns,
          seconds: (Date.now() - start) / 1000,
          seeds: seeds.length,
          seed: details.seed,
          findings: findings.length,
          heapMB: heap.length > 0 ? [Math.round(heap[0]), Math.round(heap[heap.length - 1])] : [],
        };
        report.push(JSON.stringify(line));
        if (process.env.TRTMAP_FUZZ_REPORT)
          writeFileSync(process.env.TRTMAP_FUZZ_REPORT, report.join('\n') + '\n');
        console.log(JSON.stringify(line));
        expect(
          findings.map(
            (found) => `${found.kind}: ${found.message.split('\n').slice(0, 3).join(' | ')}`,
          ),
          `findings saved in ${findingsFolder}`,
        ).toEqual([]);
      },
      Math.max(seconds * 1000 * 2, 60_000) + 600_000,
    );
  }
});
