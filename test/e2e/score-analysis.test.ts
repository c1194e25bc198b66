import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-score-analysis-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!fixturesRoot)(
  `trtmap score: analysis and shards${fixturesRoot ? '' : ` (${fixturesMissingReason})`}`,
  () => {
    const voc100 = () => fixture('datasets/voc100');
    const results = () => fixture('datasets/voc100/detections/coco_results.json');

    it('--analysis --json adds operating points, the confusion matrix and TIDE; --csv and --report write files', () => {
      const csv = path.join(folder, 'classes.csv');
      const report = path.join(folder, 'report.html');
      const run = trtmap(
        'score',
        voc100(),
        results(),
        '--metric',
        'all',
        '--analysis',
        '--json',
        '--conf',
        '0.5',
        '--csv',
        csv,
        '--report',
        report,
      );
      expect(run.code, run.stderr).toBe(0);
      const output = JSON.parse(run.stdout);
      expect(output.coco.perCategory[0]).toMatchObject({
        name: 'aeroplane',
        groundTruths: 15,
        detections: 17,
      });
      expect(output.coco.operatingPoints.conf).toBe(0.5);
      expect(output.coco.confusion.counts).toHaveLength(21);
      expect(output.coco.tide.at50.dAP.background.toFixed(2)).toBe('10.91');
      expect(output.voc.analysis.classes).toHaveLength(20);
      // The same class has the same id under both metrics (COCO categories are 1-based).
      const ids = (points: { classes: Array<{ name: string; id: number }> }) =>
        points.classes.map((row) => `${row.name}=${row.id}`);
      expect(ids(output.voc.analysis.operatingPoints)).toEqual(ids(output.coco.operatingPoints));
      const lines = readFileSync(csv, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(21);
      expect(lines[0]).toMatch(/^class,id,gt,gt_small,gt_medium,gt_large,detections,ap,ap50,/);
      const html = readFileSync(report, 'utf8');
      expect(html).not.toMatch(/<script|(src|href)=/i);
      expect(html.match(/class="pr-curve class"/g)).toHaveLength(20);
      expect(html).toContain('class="confusion-matrix"');
      expect(html).toMatch(/<svg[^>]*class="f1-curve"/);
    });

    it('under the VOC metric, --analysis says on stderr what it covers; --report has the operating points', () => {
      const report = path.join(folder, 'voc-report.html');
      const run = trtmap('score', voc100(), results(), '--analysis', '--report', report);
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).toMatch(
        /^trtmap: note: under the VOC metric, .*the confusion matrix, the TIDE error breakdown .*need --metric coco or --metric all$/m,
      );
      expect(run.stdout).toMatch(/^Operating point at conf > 0\.25 \(IoU 0\.5;/m);
      expect(run.stdout).not.toMatch(/TIDE|Confusion matrix/);
      const html = readFileSync(report, 'utf8');
      expect(html).toContain('<h2>VOC operating points (devkit matches) (IoU 0.5)</h2>');
      expect(html).toMatch(/<svg[^>]*class="f1-curve"/);
      expect(html).toContain('score with --metric coco or all');
      // With the COCO metric there is nothing to say.
      const coco = trtmap('score', voc100(), results(), '--metric', 'all', '--analysis');
      expect(coco.stderr).not.toMatch(/note: under the VOC metric/);
    });

    it('pre-thresholded results: the best-F1 confidence comes with the lowest score it stands for', () => {
      const scores = (JSON.parse(readFileSync(results(), 'utf8')) as Array<{ score: number }>).map(
        (d) => d.score,
      );
      const lowest = Math.min(...scores).toFixed(3); // 0.400209: no tie to round
      const run = trtmap('score', voc100(), results(), '--metric', 'coco', '--analysis');
      expect(run.code, run.stderr).toBe(0);
      expect(run.stdout).toMatch(/^Best F1 \d\.\d{3} at conf 0\.000 /m);
      expect(run.stdout).toContain(
        `Note: the results hold no score below ${lowest}: every confidence up to ${lowest} keeps the same detections`,
      );
    });

    it('several results files are shards: merged they score as the whole file', () => {
      const all = JSON.parse(readFileSync(results(), 'utf8')) as Array<{ image_id: number }>;
      const parts = [0, 1, 2].map((shard) => {
        const file = path.join(folder, `part-${shard}.json`);
        writeFileSync(file, JSON.stringify(all.filter((d) => d.image_id % 3 === shard)));
        return file;
      });
      const whole = JSON.parse(
        trtmap('score', voc100(), results(), '--metric', 'all', '--json').stdout,
      );
      const run = trtmap('score', voc100(), ...[...parts].reverse(), '--metric', 'all', '--json');
      expect(run.code, run.stderr).toBe(0);
      const merged = JSON.parse(run.stdout);
      expect(merged.coco.stats).toEqual(whole.coco.stats);
      expect(merged.voc.mAP).toBe(whole.voc.mAP);
      expect(merged.voc07.mAP).toBe(whole.voc07.mAP);
      expect(run.stderr).not.toMatch(/no detections/);
      // Two of the three shards: the images of the third (and any without detections) are
      // counted from the files themselves; every voc100 image has ground truth.
      const partial = trtmap('score', voc100(), parts[0], parts[1]);
      expect(partial.code, partial.stderr).toBe(0);
      const covered = new Set(all.filter((d) => d.image_id % 3 !== 2).map((d) => d.image_id));
      expect(partial.stderr).toContain(
        `trtmap: warning: ${100 - covered.size} of 100 images with ground truth have no detections at all: a missing shard`,
      );
    });

    it('an image in two shards is ERR_RESULTS naming both files', () => {
      const run = trtmap('score', voc100(), results(), results());
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^trtmap: ERR_RESULTS: image \d+ has detections in both .*coco_results\.json and .*coco_results\.json/,
      );
    });
  },
);
