import { describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

// Options that change nothing with the chosen metric are warned about (the run is still
// meaningful), and a VOC number computed under non-default rules says so in its line.
describe.skipIf(!fixturesRoot)(
  `trtmap score: ineffective options and non-default VOC rules${fixturesRoot ? '' : ` (skipped: ${fixturesMissingReason})`}`,
  () => {
    const voc = () => fixture('datasets/voc100');
    const txt = () => `${voc()}/detections/txt`;
    const warnings = (stderr: string) =>
      stderr.split('\n').filter((line) => line.startsWith('trtmap: warning: --'));

    it('--iou, --iou-comparison, --continuous-boxes and --csv with the COCO metric only', () => {
      const run = trtmap('score', voc(), txt(), '--metric', 'coco', '--iou', '0.75');
      expect(run.code, run.stderr).toBe(0);
      expect(warnings(run.stderr)).toEqual([
        'trtmap: warning: --iou has no effect here: COCO averages over IoU 0.50:0.95 with its own matching; use --metric voc or all',
      ]);
      const voc07 = trtmap('score', voc(), txt(), '--metric', 'voc07', '--csv', 'x.csv');
      expect(warnings(voc07.stderr)).toEqual([
        expect.stringMatching(
          /^trtmap: warning: --csv has no effect here: .*--metric coco or all$/,
        ),
      ]);
    });

    it('--conf without --analysis, --csv or --report', () => {
      const run = trtmap('score', voc(), txt(), '--conf', '0.3');
      expect(warnings(run.stderr)).toEqual([
        expect.stringMatching(
          /^trtmap: warning: --conf has no effect here: it sets the operating point/,
        ),
      ]);
      expect(warnings(trtmap('score', voc(), txt(), '--conf', '0.3', '--analysis').stderr)).toEqual(
        [],
      );
    });

    it('no warning where each option counts', () => {
      const run = trtmap('score', voc(), txt(), '--metric', 'all', '--iou', '0.6');
      expect(run.code, run.stderr).toBe(0);
      expect(warnings(run.stderr)).toEqual([]);
    });

    it('the VOC line names a non-default IoU comparison and continuous boxes, and nothing by default', () => {
      const standard = trtmap('score', voc(), txt());
      expect(standard.stdout.trim()).toMatch(/^VOC all-point \(VOC2010\+\) mAP@0\.5 = \d\.\d{4}$/);
      const other = trtmap('score', voc(), txt(), '--iou-comparison', '>', '--continuous-boxes');
      expect(other.stdout.trim()).toMatch(
        /^VOC all-point \(VOC2010\+\) mAP@0\.5 = \d\.\d{4} \[IoU > threshold \(voc_eval\.py's rule\), continuous boxes \(no \+1 pixel\)\]$/,
      );
    });
  },
);
