import { describe, expect, it } from 'vitest';
import { CocoEvaluator, evaluateCoco, parseGroundTruth } from '../../../lib/metrics/index.js';
import { detection, groundTruth } from './build.js';

const AP = 0;
const AP50 = 1;
const AR100 = 8;

describe('COCO evaluation edge cases (pycocotools semantics)', () => {
  it('empty results: AP and AR are 0 where there is ground truth, -1 where there is none', () => {
    const { stats } = evaluateCoco(groundTruth([{ bbox: [10, 10, 50, 50] }]), []);
    expect(stats[AP]).toBe(0);
    expect(stats[AR100]).toBe(0);
    expect(stats[3]).toBe(-1); // no small ground truth
    expect(stats[4]).toBe(0); // 2500 px is medium
  });

  it('empty ground truth: every figure is -1', () => {
    const gt = groundTruth([], { images: [1], categories: [1] });
    const { stats } = evaluateCoco(gt, [detection([0, 0, 10, 10], 0.9)]);
    expect(stats).toEqual(Array(12).fill(-1));
  });

  it('a category without ground truth is -1 and left out of the mean', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50], category: 1 }], { categories: [1, 2] });
    const result = evaluateCoco(gt, [
      detection([10, 10, 50, 50], 0.9, { category: 1 }),
      detection([100, 100, 50, 50], 0.8, { category: 2 }),
    ]);
    expect(result.stats[AP]).toBeCloseTo(1, 12);
    expect(result.perCategory[0].ap).toBeCloseTo(1, 12);
    expect(result.perCategory[1].ap).toBe(-1);
  });

  it('maxDets truncates after the score sort: the best detection is kept wherever it stands', () => {
    const junk = Array.from({ length: 100 }, (_, i) => detection([300 + i, 300, 5, 5], 0.1));
    const gt = groundTruth([{ bbox: [10, 10, 50, 50] }]);
    const { stats } = evaluateCoco(gt, [...junk, detection([10, 10, 50, 50], 0.9)]);
    expect(stats[AP]).toBeCloseTo(1, 12);
    expect(stats[6]).toBeCloseTo(1, 12); // AR@1 sees the true positive first
  });

  it('score ties keep file order within an image (stable sort)', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50] }]);
    const hit = detection([10, 10, 50, 50], 0.5);
    const miss = detection([300, 300, 50, 50], 0.5);
    expect(evaluateCoco(gt, [hit, miss]).stats[AP]).toBeCloseTo(1, 12);
    // Miss first: precision [0, 0.5] has envelope [0.5, 0.5].
    expect(evaluateCoco(gt, [miss, hit]).stats[AP]).toBeCloseTo(0.5, 12);
  });

  it('score ties across images follow image id order, not file order', () => {
    const gt = groundTruth([
      { bbox: [10, 10, 50, 50], image: 2 },
      { bbox: [10, 10, 50, 50], image: 1, id: 7 },
    ]);
    const missOnImage1 = detection([300, 300, 50, 50], 0.5, { image: 1 });
    const hitOnImage2 = detection([10, 10, 50, 50], 0.5, { image: 2 });
    // Image 1's miss comes first although the file lists image 2 first:
    // precision [0, 0.5] -> envelope 0.5 up to recall 0.5, i.e. 51 of 101 thresholds.
    const { stats } = evaluateCoco(gt, [hitOnImage2, missOnImage1]);
    expect(stats[AP50]).toBeCloseTo((0.5 * 51) / 101, 12);
  });

  it('all detections on a crowd region are ignored, and a crowd absorbs several', () => {
    const gt = groundTruth([{ bbox: [0, 0, 200, 200], iscrowd: 1 }, { bbox: [400, 400, 50, 50] }]);
    const inside = [detection([10, 10, 40, 40], 0.9), detection([60, 60, 40, 40], 0.8)];
    const result = evaluateCoco(gt, inside);
    // Both are matched to the crowd (IoU = intersection / detection area = 1) and ignored.
    expect(result.stats[AP]).toBe(0);
    expect(result.stats[AR100]).toBe(0);
    const withHit = evaluateCoco(gt, [...inside, detection([400, 400, 50, 50], 0.7)]);
    expect(withHit.stats[AP]).toBeCloseTo(1, 12);
  });

  it('`ignore` is overwritten by `iscrowd`: ignore=1 on a non-crowd box still counts', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50], ignore: 1 }]);
    expect(evaluateCoco(gt, []).stats[AP]).toBe(0); // defined (0), not -1
  });

  it('area ranges use the annotation area for ground truth and w*h for detections', () => {
    // A 100x100 box whose segmentation area is 500 px: "small" by its area.
    const gt = groundTruth([{ bbox: [10, 10, 100, 100], area: 500 }]);
    const result = evaluateCoco(gt, [detection([10, 10, 100, 100], 0.9)]);
    expect(result.stats[3]).toBeCloseTo(1, 12); // small
    expect(result.stats[4]).toBe(-1); // no medium ground truth
    // An unmatched 100x100 detection falls outside "small" and is ignored there, not a false positive.
    const withMiss = evaluateCoco(gt, [
      detection([10, 10, 100, 100], 0.9),
      detection([300, 300, 100, 100], 0.95),
    ]);
    expect(withMiss.stats[3]).toBeCloseTo(1, 12);
    expect(withMiss.stats[AP]).toBeLessThan(1);
  });

  it('a zero-size detection overlaps nothing', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50] }]);
    expect(evaluateCoco(gt, [detection([20, 20, 0, 10], 0.9)]).stats[AP]).toBe(0);
  });

  it('IoU exactly at a threshold matches (>=), and equal IoUs go to the later ground truth', () => {
    // Detection [0,0,10,10] vs ground truth [0,0,20,10]: IoU = 0.5 exactly.
    const gt = groundTruth([{ bbox: [0, 0, 20, 10] }]);
    const { stats } = evaluateCoco(gt, [detection([0, 0, 10, 10], 0.9)]);
    expect(stats[AP50]).toBeCloseTo(1, 12);
    const twins = groundTruth([
      { bbox: [0, 0, 10, 10], id: 1 },
      { bbox: [0, 0, 10, 10], id: 2 },
    ]);
    const evaluator = new CocoEvaluator(parseGroundTruth(twins));
    evaluator.addImage(1, [detection([0, 0, 10, 10], 0.9), detection([0, 0, 10, 10], 0.8)]);
    expect(evaluator.summarize().stats[AP]).toBeCloseTo(1, 12);
  });

  it('useCats=false pools categories: a detection of the wrong class still matches', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50], category: 1 }], { categories: [1, 2] });
    const results = [detection([10, 10, 50, 50], 0.9, { category: 2 })];
    expect(evaluateCoco(gt, results).stats[AP]).toBe(0);
    expect(evaluateCoco(gt, results, { useCats: false }).stats[AP]).toBeCloseTo(1, 12);
  });

  it('a ground truth with id 0 cannot be matched (pycocotools stores matches by id)', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50], id: 0 }]);
    const result = evaluateCoco(gt, [detection([10, 10, 50, 50], 0.9)]);
    expect(result.stats[AP]).toBe(0);
    expect(result.groundTruth.warnings.join()).toMatch(/id 0/);
  });

  it('image and category subsets restrict the evaluation', () => {
    const gt = groundTruth([
      { bbox: [10, 10, 50, 50], image: 1 },
      { bbox: [10, 10, 50, 50], image: 2 },
    ]);
    const results = [detection([10, 10, 50, 50], 0.9, { image: 1 })];
    expect(evaluateCoco(gt, results).stats[AR100]).toBeCloseTo(0.5, 12);
    expect(evaluateCoco(gt, results, { imgIds: [1] }).stats[AR100]).toBeCloseTo(1, 12);
    expect(evaluateCoco(gt, results, { catIds: [5] }).stats[AP]).toBe(-1);
  });

  it('custom maxDets: summaries that ask for 100 are -1 when 100 is not evaluated', () => {
    const gt = groundTruth([{ bbox: [10, 10, 50, 50] }]);
    const { stats } = evaluateCoco(gt, [detection([10, 10, 50, 50], 0.9)], { maxDets: [1, 5, 20] });
    expect(stats[AP]).toBe(-1); // _summarize(1) defaults to maxDets=100
    expect(stats[AP50]).toBeCloseTo(1, 12); // uses maxDets[2] = 20
  });
});
