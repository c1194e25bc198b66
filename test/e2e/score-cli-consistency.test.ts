import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-score-cli-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!fixturesRoot)(
  `score/eval option consistency (issue 15 #12)${fixturesRoot ? '' : ` (${fixturesMissingReason})`}`,
  () => {
    const voc100 = () => fixture('datasets/voc100');
    const results = () => fixture('datasets/voc100/detections/coco_results.json');

    it("--csv - writes the CSV on stdout (the rest on stderr), as compare's --json -", () => {
      const run = trtmap('score', voc100(), results(), '--metric', 'coco', '--csv', '-');
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines[0]).toMatch(/^class,id,gt,/);
      expect(lines).toHaveLength(21);
      expect(run.stderr).toMatch(/Average Precision {2}\(AP\) @\[ IoU=0\.50:0\.95/);
      expect(existsSync('-')).toBe(false);
    });

    it('--report x.md is refused (the analysis report is HTML)', () => {
      const run = trtmap('score', voc100(), results(), '--report', path.join(folder, 'x.md'));
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^trtmap: ERR_INVALID_ARGUMENT: --report .*x\.md: this report is HTML; name it \.html/,
      );
      expect(existsSync(path.join(folder, 'x.md'))).toBe(false);
    });

    it('--conf takes decimal numbers only: 0x1 is refused', () => {
      const run = trtmap('score', voc100(), results(), '--analysis', '--conf', '0x1');
      expect(run.code).toBe(2);
      expect(run.stderr).toBe(
        'trtmap: ERR_INVALID_ARGUMENT: Expected a number in [0, 1] for --conf but received "0x1"\n',
      );
    });

    it('--conf 1 warns that the operating point is empty', () => {
      const run = trtmap('score', voc100(), results(), '--analysis', '--conf', '1');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /^trtmap: warning: no detection has a score above the operating point's confidence 1: /m,
      );
    });

    it('eval --shard refuses leading zeros; --operating-conf without --analysis warns', () => {
      const model = ['--onnx', fixture('models/fastestdet/FastestDet.onnx'), '--voc', voc100()];
      for (const shard of ['00/3', '1/03']) {
        const run = trtmap('eval', ...model, '--shard', shard);
        expect(run.code).toBe(2);
        expect(run.stderr).toMatch(/Expected i\/n with 0 <= i < n for --shard/);
      }
      const run = trtmap('eval', ...model, '--operating-conf', '0.5', '--limit', '1', '--json');
      expect(run.stderr).toMatch(/^trtmap: warning: --operating-conf has no effect here: /m);
    });
  },
);
