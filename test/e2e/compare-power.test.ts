import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ComparisonRun } from '../../lib/report/result.js';
import { cliPath } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * `compare --power` on a machine made to look like a Nano: a `tegrastats` on PATH that prints a
 * recorded Nano (JetPack 4.6) line with a constant 4.5 W input rail. It stands in for the
 * binary only as a source of its output; what is checked is that every leg that ran was
 * measured, with the README's definitions.
 */
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-compare-power-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const nanoLine =
  'RAM 1180/3965MB (lfb 1x2MB) SWAP 149/1024MB (cached 7MB) IRAM 0/252kB(lfb 252kB) CPU [30%@1036,33%@1036,28%@1036,26%@1036] EMC_FREQ 10%@1600 GR3D_FREQ 0%@76 APE 25 PLL@57C CPU@60.5C PMIC@100C GPU@59C AO@65C thermal@59.75C POM_5V_IN 4500/4680 POM_5V_GPU 0/0 POM_5V_CPU 1078/1205';

describe.skipIf(skipReason !== undefined)(
  `trtmap compare --power${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('every leg that ran has its power (the ONNX Runtime FP16 leg too), as the README defines it', () => {
      const bin = path.join(folder, 'bin');
      spawnSync('mkdir', ['-p', bin]);
      const tegrastats = path.join(bin, 'tegrastats');
      writeFileSync(tegrastats, `#!/bin/sh\nwhile true; do echo '${nanoLine}'; sleep 0.05; done\n`);
      chmodSync(tegrastats, 0o755);
      const json = path.join(folder, 'power.json');
      const result = spawnSync(
        process.execPath,
        [
          cliPath,
          'compare',
          fixture('models/fastestdet/FastestDet.onnx'),
          '--preset',
          'fastestdet',
          '--voc',
          path.join(fixturesRoot!, 'datasets/voc100'),
          '--limit',
          '4',
          '--precisions',
          'fp16',
          '--power',
          '--json',
          json,
          '--cache-dir',
          path.join(folder, 'cache'),
          ...['--iterations', '3', '--duration', '0.3', '--warmup', '0', '--diff-images', '2'],
        ],
        { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH}` } },
      );
      expect(result.status, result.stderr).toBe(0);
      const run = JSON.parse(readFileSync(json, 'utf8')) as ComparisonRun;
      const measured = run.legs.filter((leg) => leg.status === 'ok');
      expect(measured.map((leg) => leg.id)).toEqual(['reference', 'fp16-ort']);
      for (const leg of measured) {
        const { power, imagesPerSecond } = leg.speed!;
        expect(power, leg.id).toMatchObject({ rail: 'POM_5V_IN', averageWatts: 4.5 });
        // images/s/W = the leg's images/s / average W; mJ/image = W x measured s / images x 1000.
        expect(power!.imagesPerSecondPerWatt).toBeCloseTo(imagesPerSecond / 4.5, 9);
        expect(power!.energyPerImageMj).toBeCloseTo((4.5 / imagesPerSecond) * 1000, 9);
      }
      const row = result.stdout
        .split('\n')
        .find((line) => /^fp16 \(ONNX Runtime\)\s+[\d.]+\s+4\.50/.test(line));
      expect(row, result.stdout).toBeDefined();
    });
  },
);
