import { describe, expect, it } from 'vitest';
import {
  analyzeCoco,
  CocoEvaluator,
  parseGroundTruth,
  parseResults,
} from '../../../lib/metrics/index.js';

describe('analyzeCoco progress', () => {
  it('tells each stage, and TIDE every tenth of the images', () => {
    const images = Array.from({ length: 20 }, (_, i) => ({ id: i + 1 }));
    const groundTruth = parseGroundTruth({
      images,
      categories: [{ id: 1, name: 'cat' }],
      annotations: images.map(({ id }) => ({
        id,
        image_id: id,
        category_id: 1,
        bbox: [0, 0, 10, 10],
        area: 100,
        iscrowd: 0,
      })),
    });
    const results = parseResults(
      images.map(({ id }) => ({ image_id: id, category_id: 1, bbox: [1, 0, 10, 10], score: 0.5 })),
      groundTruth,
    );
    const evaluator = new CocoEvaluator(groundTruth);
    evaluator.addResults(results);
    const messages: string[] = [];
    analyzeCoco(evaluator, results.byImage, { onProgress: (m) => messages.push(m) });
    expect(messages.slice(0, 3)).toEqual([
      'operating points',
      'confusion matrix',
      'TIDE error breakdown (10 IoU thresholds)',
    ]);
    expect(messages.slice(3)).toEqual(
      Array.from({ length: 9 }, (_, k) => `TIDE: ${(k + 1) * 2}/20 images`),
    );
  });
});
