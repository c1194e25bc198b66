import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openVocDataset, vocClassNames } from '../../../lib/data/index.js';
import { DatasetScorer } from '../../../lib/pipeline/scoring.js';

const folder = mkdtempSync(path.join(tmpdir(), 'trtmap-scoring-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function annotation(objects: [string, number[]][]): string {
  const body = objects
    .map(
      ([name, [x1, y1, x2, y2]]) =>
        `<object><name>${name}</name><bndbox><xmin>${x1}</xmin><ymin>${y1}</ymin><xmax>${x2}</xmax><ymax>${y2}</ymax></bndbox></object>`,
    )
    .join('');
  return `<annotation>${body}</annotation>`;
}

describe('DatasetScorer on a VOC dataset', () => {
  it('scores the selected images with COCO and VOC metrics from pixel corners', async () => {
    mkdirSync(path.join(folder, 'Annotations'), { recursive: true });
    mkdirSync(path.join(folder, 'JPEGImages'));
    writeFileSync(
      path.join(folder, 'Annotations', 'a.xml'),
      annotation([['dog', [10, 10, 50, 60]]]),
    );
    writeFileSync(path.join(folder, 'Annotations', 'b.xml'), annotation([['cat', [0, 0, 20, 20]]]));
    const dataset = await openVocDataset(folder);
    // Evaluate image a only, as --limit 1 would.
    const scorer = new DatasetScorer(dataset, dataset.images.slice(0, 1));
    const dog = vocClassNames.indexOf('dog') + 1;
    scorer.add(dataset.images[0], {
      count: 1,
      boxes: Float64Array.from([10, 10, 50, 60]),
      scores: Float64Array.from([0.9]),
      categories: Int32Array.from([dog]),
    });
    const scores = scorer.finish();
    expect(scores.results).toEqual([
      { image_id: 1, category_id: dog, score: 0.9, bbox: [10, 10, 40, 50] },
    ]);
    expect(scores.coco.stats[0]).toBeCloseTo(1, 12);
    expect(scores.voc.mAP).toBe(1); // the cat of image b is not evaluated
    expect(scores.voc.classes.find((entry) => entry.className === 'dog')!.tp).toBe(1);
  });
});
