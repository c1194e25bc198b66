import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-score-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(!fixturesRoot)(
  `trtmap score on the fixtures${fixturesRoot ? '' : ` (${fixturesMissingReason})`}`,
  () => {
    const cocoGroundTruth = () =>
      fixture('parity/faster_coco_eval/tests/dataset/cocoapi/instances_val2014_100.json');
    const cocoResults = () =>
      fixture('parity/cocoapi/results/instances_val2014_fakebbox100_results.json');

    it("prints pycocotools' 12 lines for a COCO pair", () => {
      const run = trtmap('score', cocoGroundTruth(), cocoResults());
      expect(run.code).toBe(0);
      const lines = run.stdout.trimEnd().split('\n');
      expect(lines).toHaveLength(12);
      expect(lines[0]).toBe(
        ' Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.505',
      );
      expect(lines[11]).toBe(
        ' Average Recall     (AR) @[ IoU=0.50:0.95 | area= large | maxDets=100 ] = 0.564',
      );
    });

    it('--json --metric all gives coco stats, VOC all-point and 11-point objects', () => {
      const run = trtmap(
        'score',
        fixture('datasets/voc100/Annotations'),
        fixture('datasets/voc100/detections/txt'),
        '--metric',
        'all',
        '--json',
      );
      expect(run.code).toBe(0);
      const output = JSON.parse(run.stdout);
      expect(Object.keys(output)).toEqual(['coco', 'voc', 'voc07']);
      expect(output.coco.stats).toHaveLength(12);
      expect(Math.abs(output.coco.stats[0] - 0.3469581862666092)).toBeLessThan(1e-12);
      expect(output.voc).toMatchObject({ mode: 'all-point', iou: 0.5 });
      expect(Math.abs(output.voc.mAP - 0.6138747923)).toBeLessThan(1e-10);
      expect(output.voc07.mode).toBe('11-point');
      expect(Math.abs(output.voc07.mAP - 0.6075105147)).toBeLessThan(1e-10);
      expect(Object.keys(output.voc.perClass)).toHaveLength(20);
    });

    it('a VOC folder with COCO-json results scores the same as with text results', () => {
      const fromText = JSON.parse(
        trtmap(
          'score',
          fixture('datasets/voc100'),
          fixture('datasets/voc100/detections/txt'),
          '--metric',
          'all',
          '--json',
        ).stdout,
      );
      const fromJson = JSON.parse(
        trtmap(
          'score',
          fixture('datasets/voc100/Annotations'),
          fixture('datasets/voc100/detections/coco_results.json'),
          '--metric',
          'all',
          '--json',
        ).stdout,
      );
      expect(fromJson.coco.stats).toEqual(fromText.coco.stats);
      expect(fromJson.voc.mAP).toBe(fromText.voc.mAP);
    });

    it('--per-class prints a table per metric', () => {
      const run = trtmap(
        'score',
        fixture('datasets/voc100'),
        fixture('datasets/voc100/detections/txt'),
        '--metric',
        'all',
        '--per-class',
      );
      expect(run.stdout).toMatch(
        /^class\s+id\s+GT\s+GT small\s+GT medium\s+GT large\s+detections\s+AP\s+AP50\s+AP75\s+AP small\s+AP medium\s+AP large\s+AR100$/m,
      );
      expect(run.stdout).toMatch(/^aeroplane\s+1\s+15\s+0\s+7\s+8\s+17\s+0\.421\s/m);
      expect(run.stdout).toMatch(/^VOC 11-point AP, IoU >= 0.5, \+1 pixel boxes$/m);
    });

    it('--iou and --format reach the VOC metric (padilla test_case_1 at IoU 0.3)', () => {
      const base = 'parity/review_object_detection_metrics/tests/test_case_1';
      const run = trtmap(
        'score',
        fixture(`${base}/gts`),
        fixture(`${base}/dets`),
        '--metric',
        'voc',
        '--format',
        'xywh',
        '--iou',
        '0.3',
        '--json',
      );
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout).voc.mAP).toBeCloseTo(0.2456866804, 9);
    });
  },
);

describe('trtmap score errors: one line, a code, exit code 2', () => {
  it('malformed JSON names the file and line', () => {
    const groundTruth = path.join(folder, 'gt.json');
    writeFileSync(groundTruth, '{"images": [\n  {"id": 1},\n  oops\n]}');
    const run = trtmap('score', groundTruth, groundTruth);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/^trtmap: ERR_PARSE: .*gt\.json: malformed JSON .*line 3/);
  });

  it('a missing file is ERR_FILE_NOT_FOUND, and --verbose adds the stack', () => {
    const missing = path.join(folder, 'missing.json');
    const run = trtmap('score', missing, missing);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `trtmap: ERR_FILE_NOT_FOUND: the ground truth ${missing}: no such file; check the path\n`,
    );
    expect(trtmap('score', missing, missing, '--verbose').stderr).toMatch(/\n\s+at /);
  });

  it('results on unknown images are ERR_RESULTS naming the ids', () => {
    const groundTruth = path.join(folder, 'small.json');
    const results = path.join(folder, 'results.json');
    writeFileSync(
      groundTruth,
      JSON.stringify({ images: [{ id: 1 }], annotations: [], categories: [{ id: 1, name: 'a' }] }),
    );
    writeFileSync(
      results,
      JSON.stringify([{ image_id: 9, category_id: 1, bbox: [0, 0, 1, 1], score: 1 }]),
    );
    const run = trtmap('score', groundTruth, results);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(
      /ERR_RESULTS: .*image ids that are not in the ground truth .*: 9\n$/,
    );
  });

  it('an unknown option or metric is ERR_INVALID_ARGUMENT', () => {
    expect(trtmap('score', 'a.json', 'b.json', '--iuo', '0.7').stderr).toMatch(
      /ERR_INVALID_ARGUMENT: .*unknown option --iuo/,
    );
    expect(trtmap('score', 'a.json', 'b.json', '--metric', 'map').stderr).toMatch(
      /Expected one of coco, voc, voc07, all for --metric but received "map"/,
    );
  });
});
