import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

const work = mkdtempSync(path.join(tmpdir(), 'trtmap-interrupt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the CLI, sends SIGINT once stderr matches `when`, resolves with the exit and stderr. */
function interruptWhen(
  args: string[],
  when: RegExp,
): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!sent && when.test(stderr)) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr }));
  });
}

describe.skipIf(skipReason !== undefined)(
  `Ctrl-C${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('eval says at which image it stopped and what was not written, and exits 130', async () => {
      const results = path.join(work, 'results.json');
      const run = await interruptWhen(
        [
          'eval',
          '--onnx',
          fixture('models/fastestdet/FastestDet.onnx'),
          '--voc',
          fixture('datasets/voc100'),
          '--results',
          results,
        ],
        /progress: [1-9]\d*\/100 images/,
      );
      expect(run.code, run.stderr).toBe(130);
      const last = run.stderr.trimEnd().split('\n').at(-1)!;
      const match =
        /^trtmap: interrupted \(Ctrl-C\): stopped at image (\d+) of 100; nothing was written \(--results (.*) is written when the run completes\)$/.exec(
          last,
        );
      expect(match, last).not.toBeNull();
      expect(Number(match![1])).toBeGreaterThan(0);
      expect(Number(match![1])).toBeLessThan(100);
      expect(match![2]).toBe(results);
      expect(existsSync(results)).toBe(false);
    });
  },
);
