import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type * as Metrics from '../../lib/metrics/index.js';
import { trtmap } from '../helpers/cli.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { randomCase } from '../parity/coco/random-dataset.js';

// The worker threads run the compiled worker module, so these tests use the
// built package (dist/), as users do.
const metrics = (await import(
  pathToFileURL(path.resolve('dist/metrics/index.js')).href
)) as typeof Metrics;

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-score-threads-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('COCO scoring across worker threads', () => {
  it('gives the single-threaded accumulation bit for bit on 16 seeded random cases', async () => {
    let threadedCases = 0;
    for (let seed = 1; seed <= 16; seed++) {
      const { gt, dt, params } = randomCase(seed);
      const groundTruth = metrics.parseGroundTruth(gt);
      const results = metrics.parseResults(dt, groundTruth);
      const single = new metrics.CocoEvaluator(groundTruth, params);
      single.addResults(results);
      const threaded = new metrics.CocoEvaluator(groundTruth, params);
      await threaded.addResultsInWorkers(results, 2);
      if (threaded.params.useCats) threadedCases++;
      const expected = single.accumulate();
      const actual = threaded.accumulate();
      for (const key of ['precision', 'recall', 'scores'] as const) {
        expect(Buffer.from(actual[key].buffer), `seed ${seed} ${key}`).toEqual(
          Buffer.from(expected[key].buffer),
        );
      }
      expect(threaded.summarize(), `seed ${seed}`).toEqual(single.summarize());
      // The per-detection states the analyses read are the same too.
      const states = (evaluator: Metrics.CocoEvaluator) =>
        evaluator.evaluations().map((store) => {
          const order = [...Array(store.count).keys()].sort(
            (p, q) => store.imageIndex[p] - store.imageIndex[q],
          );
          return order.map((e) => [
            store.imageIndex[e],
            [
              ...store.scores.subarray(
                store.detectionStart[e],
                store.detectionStart[e] + store.detectionCount[e],
              ),
            ],
            [
              ...store.nonIgnoredGroundTruths.subarray(
                e * store.areaRanges,
                (e + 1) * store.areaRanges,
              ),
            ],
            [
              ...store.states.subarray(
                store.stateOffset(e, 0, 0),
                store.stateOffset(e, 0, 0) +
                  store.detectionCount[e] * store.areaRanges * store.iouThresholds,
              ),
            ],
          ]);
        });
      expect(states(threaded), `seed ${seed}`).toEqual(states(single));
    }
    expect(threadedCases).toBeGreaterThan(8);
  }, 600_000);

  it('refuses results on images the ground truth lacks, as addResults does', async () => {
    const { gt, dt } = randomCase(3);
    const groundTruth = metrics.parseGroundTruth(gt);
    const results = metrics.parseResults(dt, groundTruth);
    results.byImage.set(987654321, { count: 0, categoryId: [], score: [], box: [] });
    const evaluator = new metrics.CocoEvaluator(groundTruth);
    await expect(evaluator.addResultsInWorkers(results, 2)).rejects.toMatchObject({
      code: 'ERR_RESULTS',
    });
  });
});

describe.skipIf(!pythonHas('pycocotools', 'numpy'))(
  `trtmap score --threads on an LVIS-like set (bench/synth-large.py, 500 images, 100 categories)${pythonHas('pycocotools', 'numpy') ? '' : ` (${pythonMissingReason('pycocotools', 'numpy')})`}`,
  () => {
    const data = path.join(folder, 'large');
    execFileSync('python3', [
      path.resolve('bench/synth-large.py'),
      ...['--images', '500', '--detections', '25000', '--categories', '100', '--seed', '3'],
      ...['--out', data],
    ]);
    const gt = path.join(data, 'gt.json');
    const dt = path.join(data, 'dt.json');

    it('prints the same JSON (stats, per class) for 1 and 4 threads, and pycocotools’ 12 numbers', () => {
      const single = trtmap('score', gt, dt, '--json', '--threads', '1');
      const threaded = trtmap('score', gt, dt, '--json', '--threads', '4');
      expect(single.code, single.stderr).toBe(0);
      expect(threaded.code, threaded.stderr).toBe(0);
      expect(threaded.stdout).toBe(single.stdout);
      const reference = JSON.parse(
        runPython(
          [
            'import contextlib, io, json, sys',
            'from pycocotools.coco import COCO',
            'from pycocotools.cocoeval import COCOeval',
            'with contextlib.redirect_stdout(io.StringIO()):',
            "    g = COCO(sys.argv[1]); d = g.loadRes(sys.argv[2]); e = COCOeval(g, d, 'bbox')",
            '    e.evaluate(); e.accumulate(); e.summarize()',
            'print(json.dumps([float(v) for v in e.stats]))',
          ].join('\n'),
          [gt, dt],
        ),
      ) as number[];
      const stats = (JSON.parse(threaded.stdout) as { coco: { stats: number[] } }).coco.stats;
      stats.forEach((value, i) =>
        expect(Math.abs(value - reference[i])).toBeLessThanOrEqual(1e-12),
      );
    }, 300_000);

    it('rejects a --threads that is not a whole number from 1 to 256 (exit 2, one line)', () => {
      const run = trtmap('score', gt, dt, '--threads', '0');
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toContain('--threads');
    });
  },
);
