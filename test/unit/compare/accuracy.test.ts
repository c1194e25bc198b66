import { describe, expect, it } from 'vitest';
import { legAccuracy } from '../../../lib/compare/accuracy.js';
import { CocoEvaluator } from '../../../lib/metrics/coco/evaluator.js';
import { parseGroundTruth } from '../../../lib/metrics/coco/ground-truth.js';
import type { Evaluation } from '../../../lib/pipeline/evaluate.js';
import { seededRandom } from '../../helpers/random.js';

/** A small random COCO set: 3 categories (one without ground truth), 20 images, noisy detections. */
function randomEvaluation(seed: number): Evaluation {
  const random = seededRandom(seed);
  const images = Array.from({ length: 20 }, (_, i) => ({ id: i + 1, width: 640, height: 480 }));
  const categories = [1, 2, 5].map((id) => ({ id, name: `class ${id}` }));
  const annotations = [];
  const detections = [];
  for (const image of images) {
    for (let n = 0; n < 3; n++) {
      const category = random() < 0.5 ? 1 : 2;
      const box = [random() * 500, random() * 350, 20 + random() * 100, 20 + random() * 100];
      annotations.push({
        id: annotations.length + 1,
        image_id: image.id,
        category_id: category,
        bbox: box,
        area: box[2] * box[3],
        iscrowd: 0,
      });
      const jitter = () => (random() - 0.5) * 30;
      detections.push({
        image_id: image.id,
        category_id: random() < 0.8 ? category : 5,
        score: random(),
        bbox: [box[0] + jitter(), box[1] + jitter(), box[2], box[3]],
      });
    }
  }
  const evaluator = new CocoEvaluator(parseGroundTruth({ images, categories, annotations }));
  for (const image of images)
    evaluator.addImage(
      image.id,
      detections.filter((d) => d.image_id === image.id),
    );
  const coco = evaluator.summarize();
  return {
    scores: {
      coco,
      voc: {
        mAP: 0.5,
        mode: 'all-point',
        iouThreshold: 0.5,
        iouComparison: '>=',
        pixelConvention: '+1',
        classes: [],
      },
      results: detections,
      cocoAccumulation: evaluator.accumulate(),
      cocoParams: evaluator.params,
      cocoEvaluator: evaluator,
    },
    run: {
      processed: 20,
      skipped: [],
      detections: detections.length,
      imagesPerSecond: 10,
      timing: { prepareMs: 0, inferenceMs: 0, postprocessMs: 0, scoringMs: 0, wallMs: 0 },
    },
    backend: 'test',
    preset: 'fastestdet',
    // The contract is not read by legAccuracy.
    contract: undefined as never,
    warnings: [],
    notes: [],
    images: 20,
  };
}

describe('leg accuracy from the COCO evaluation', () => {
  it("each class curve's mean is its AP50 and the overall curve's mean is mAP@0.5 (pycocotools' definitions)", () => {
    const evaluation = randomEvaluation(7);
    const accuracy = legAccuracy(evaluation);
    expect(accuracy.cocoMap).toBe(evaluation.scores.coco.stats[0]);
    expect(accuracy.cocoMap50).toBe(evaluation.scores.coco.stats[1]);
    const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
    // Category 5 has no ground truth: no curve, and it does not enter the overall mean.
    expect(accuracy.classes.map((entry) => entry.id)).toEqual([1, 2]);
    for (const entry of accuracy.classes) {
      expect(entry.curve).toHaveLength(101);
      expect(mean(entry.curve)).toBeCloseTo(entry.ap50, 5);
    }
    expect(mean(accuracy.overallCurve)).toBeCloseTo(accuracy.cocoMap50, 5);
    expect(accuracy.cocoMap50).toBeGreaterThan(0);
    // The analysis for the comparison reads the same evaluation.
    const { stats } = evaluation.scores.coco;
    expect(accuracy.analysis!.apBySize).toEqual({
      small: stats[3],
      medium: stats[4],
      large: stats[5],
    });
    expect(Object.keys(accuracy.analysis!.tide.dAP)).toHaveLength(6);
  });
});
