import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

// The mistakes a new user makes (issue 12, part 6): each one line on stderr
// naming the option and what to do, exit 2, before any slow work starts.

const work = mkdtempSync(path.join(tmpdir(), 'trtmap-mistakes-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function expectUsageError(run: ReturnType<typeof trtmap>, pattern: RegExp): void {
  expect(run.code, run.stderr).toBe(2);
  expect(run.stdout).toBe('');
  const lines = run.stderr.trim().split('\n');
  expect(lines, run.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
}

describe('out-of-range numbers', () => {
  it.each([
    [
      ['eval', '--onnx', 'package.json', '--voc', '.', '--limit', '0'],
      /integer >= 1 for --limit.*"0"/,
    ],
    [['eval', '--onnx', 'package.json', '--voc', '.', '--batch', '-2'], /integer >= 1 for --batch/],
    [
      ['eval', '--onnx', 'package.json', '--voc', '.', '--limit', '2.5'],
      /integer >= 1 for --limit/,
    ],
    [['score', 'package.json', 'package.json', '--iou', '0'], /number in \(0, 1\] for --iou.*"0"/],
    [['score', 'package.json', 'package.json', '--iou', '1.5'], /number in \(0, 1\] for --iou/],
    [['compare', 'package.json', '--voc', '.', '--limit', '0'], /positive integer for --limit/],
  ])('%j', (args, pattern) => {
    expectUsageError(trtmap(...args), new RegExp(`ERR_INVALID_ARGUMENT: .*${pattern.source}`));
  });
});

describe('missing inputs say where they were looked for and what was probably meant', () => {
  it('build: a missing model is reported before TensorRT is looked for', () => {
    const run = trtmap('build', path.join(work, 'nothing.onnx'));
    expectUsageError(
      run,
      /ERR_FILE_NOT_FOUND: the model .*nothing\.onnx: no such file; check the path/,
    );
  });

  it('a relative path says the absolute path it was looked for at', () => {
    const run = trtmap('inspect', 'no-such-engine.plan');
    expectUsageError(
      run,
      new RegExp(`no such file \\(looked for ${path.resolve('no-such-engine.plan')}\\)`),
    );
  });

  it.skipIf(!fixturesRoot)('a name differing in case or extension is suggested', () => {
    const onnx = fixture('models/fastestdet/FastestDet.onnx');
    const run = trtmap('eval', '--onnx', onnx.replace(/\.onnx$/, ''), '--voc', work);
    expectUsageError(run, /--onnx .*FastestDet: no such file; did you mean ".*FastestDet\.onnx"\?/);
  });
});

describe.skipIf(!fixturesRoot)(
  `output paths${fixturesRoot ? '' : ` (skipped: ${fixturesMissingReason})`}`,
  () => {
    const voc = () => fixture('datasets/voc100');
    const txt = () => path.join(voc(), 'detections/txt');

    it('are checked before the run: a missing folder, a folder given as the file', () => {
      expectUsageError(
        trtmap('score', voc(), txt(), '--report', path.join(work, 'no/such/folder/r.html')),
        /--report .*r\.html: the folder .*folder does not exist: create it first/,
      );
      expectUsageError(
        trtmap('score', voc(), txt(), '--metric', 'coco', '--csv', work),
        /--csv .*: is a folder: give a file name inside it/,
      );
      expectUsageError(
        trtmap('convert', 'darknet', 'a.cfg', 'b.weights', '-o', path.join(work, 'x', 'y.onnx')),
        /-o .*y\.onnx: the folder .* does not exist/,
      );
    });

    it.skipIf(!existsSync('/dev/full'))(
      'a write failing after the run (disk full) still prints the metrics, then says what was not written',
      () => {
        const report = path.join(work, 'written.html');
        const run = trtmap(
          'score',
          voc(),
          txt(),
          '--metric',
          'coco',
          '--csv',
          '/dev/full',
          '--report',
          report,
        );
        expect(run.code).toBe(2);
        expect(run.stdout).toMatch(/Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.95 .* = 0\.\d{3}/);
        expect(run.stderr).toMatch(
          /trtmap: ERR_IO: could not write \/dev\/full: ENOSPC[^\n]*\(the results printed are complete\)/,
        );
        // The other output is still written.
        expect(readFileSync(report, 'utf8')).toMatch(/^<!DOCTYPE html>/i);
        expect(run.stderr).toContain(`trtmap: wrote ${report}`);
      },
    );
  },
);

const detectSkip = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

describe.skipIf(detectSkip !== undefined)(
  `detect on several images${detectSkip ? ` (skipped: ${detectSkip})` : ''}`,
  () => {
    it('reports each bad image, still prints the others, and exits 2 at the end', () => {
      const dog = fixture('images/dog.jpg');
      const missing = path.join(work, 'missing.jpg');
      const notImage = path.resolve('package.json');
      const run = trtmap(
        'detect',
        fixture('models/fastestdet/FastestDet.onnx'),
        missing,
        dog,
        notImage,
        '--json',
      );
      expect(run.code, run.stderr).toBe(2);
      const printed = JSON.parse(run.stdout) as { images: { image: string }[] };
      expect(printed.images.map((entry) => entry.image)).toEqual([dog]);
      expect(run.stderr).toContain(`trtmap: ${missing}: ERR_FILE_NOT_FOUND`);
      expect(run.stderr).toContain(`trtmap: ${notImage}: ERR_DECODE`);
      expect(run.stderr).toMatch(/2 of 3 images could not be read/);
    });
  },
);
