import { chmodSync, cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { trtmap } from '../helpers/cli.js';
import { fixture, fixturesMissingReason, fixturesRoot } from '../helpers/fixtures.js';
import { native, nativeMissingReason } from '../helpers/native.js';

/**
 * `eval --results` and `score` number a VOC folder's images the same way
 * (1..N over every annotation file, split or not), so scoring eval's own
 * detections again gives eval's numbers. The split leaves out the first
 * images, so a numbering over the split alone would shift every id.
 */
const skipReason = !fixturesRoot
  ? fixturesMissingReason
  : native === undefined
    ? nativeMissingReason
    : undefined;
const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-roundtrip-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe.skipIf(skipReason !== undefined)(
  `re-scoring eval's own results${skipReason ? ` (skipped: ${skipReason})` : ''}`,
  () => {
    it('score --split on eval --split --results gives eval’s COCO stats and VOC mAP', () => {
      const voc = path.join(folder, 'VOC');
      cpSync(path.join(fixturesRoot!, 'datasets/voc-toy-cat'), voc, { recursive: true });
      chmodSync(voc, 0o755); // copied from the read-only fixtures
      mkdirSync(path.join(voc, 'ImageSets', 'Main'), { recursive: true });
      const split = ['2007_003525', '2007_009346', '2008_002045', '2008_006599', '2010_004175'];
      writeFileSync(path.join(voc, 'ImageSets', 'Main', 'test.txt'), split.join('\n') + '\n');
      const results = path.join(folder, 'results.json');
      const evaluation = trtmap(
        'eval',
        '--onnx',
        fixture('models/fastestdet/FastestDet.onnx'),
        '--voc',
        voc,
        '--split',
        'test',
        '--results',
        results,
        '--json',
      );
      expect(evaluation.code, evaluation.stderr).toBe(0);
      const evaluated = JSON.parse(evaluation.stdout) as {
        images: number;
        coco: { stats: number[] };
        voc: { mAP: number };
      };
      expect(evaluated.images).toBe(5);
      expect(evaluated.coco.stats[1]).toBeGreaterThan(0); // a run that found cats

      const scored = trtmap('score', voc, results, '--split', 'test', '--metric', 'all', '--json');
      expect(scored.code, scored.stderr).toBe(0);
      const rescored = JSON.parse(scored.stdout) as {
        coco: { stats: number[] };
        voc: { mAP: number };
      };
      expect(rescored.coco.stats).toEqual(evaluated.coco.stats);
      expect(Math.abs(rescored.voc.mAP - evaluated.voc.mAP)).toBeLessThan(1e-12);
    });
  },
);
