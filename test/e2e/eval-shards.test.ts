import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-eval-shards-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** One `trtmap eval` as its own process; resolves with its exit code and output. */
function evalProcess(
  args: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'eval', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe.skipIf(skipReason !== undefined)(
  `eval --shard i/n on parallel processes, then one score${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('3 shards merged give the unsharded run exactly (COCO stats and VOC mAP to 1e-12)', async () => {
      const model = [
        '--onnx',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--voc',
        fixture('datasets/voc100'),
      ];
      const count = 3;
      const runs = await Promise.all([
        evalProcess([...model, '--json', '--threads', '1']),
        ...Array.from({ length: count }, (_, index) =>
          evalProcess([
            ...model,
            '--threads',
            '1',
            '--json',
            '--shard',
            `${index}/${count}`,
            '--results',
            path.join(folder, `part-${index}.json`),
          ]),
        ),
      ]);
      for (const run of runs) expect(run.code, run.stderr).toBe(0);
      const whole = JSON.parse(runs[0].stdout);
      const shardImages = runs.slice(1).map((run) => JSON.parse(run.stdout).images);
      expect(shardImages.reduce((sum: number, images: number) => sum + images, 0)).toBe(
        whole.images,
      );
      // A shard run says it is one, and which images it took.
      expect(runs[2].stderr).toContain(
        `trtmap: shard 1/3 (every 3rd image of the set from position 1): evaluating ${shardImages[1]} images`,
      );
      expect(runs[0].stderr).not.toMatch(/shard/);
      const parts = Array.from({ length: count }, (_, index) =>
        path.join(folder, `part-${index}.json`),
      );
      const merged = trtmap(
        'score',
        fixture('datasets/voc100'),
        ...parts,
        '--metric',
        'all',
        '--json',
      );
      expect(merged.code, merged.stderr).toBe(0);
      const scores = JSON.parse(merged.stdout);
      expect(scores.coco.stats).toHaveLength(12);
      scores.coco.stats.forEach((value: number, index: number) =>
        expect(Math.abs(value - whole.coco.stats[index]), `stats[${index}]`).toBeLessThanOrEqual(
          1e-12,
        ),
      );
      expect(Math.abs(scores.voc.mAP - whole.voc.mAP)).toBeLessThanOrEqual(1e-12);
    });

    it('an empty shard says so on stderr instead of printing -1 silently', () => {
      const run = trtmap(
        'eval',
        '--onnx',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--voc',
        fixture('datasets/voc100'),
        '--shard',
        '150/200',
      );
      expect(run.stderr).toMatch(
        /^trtmap: warning: shard 150\/200 holds no image: the set has 150 image\(s\) or fewer/m,
      );
      expect(run.code, run.stderr).toBe(0);
    });
  },
);
