import { describe, expect, it } from 'vitest';
import { evaluateVoc } from '../../../lib/metrics/voc/index.js';
import { det, gt } from './make.js';

const square: [number, number, number, number] = [10, 10, 50, 50];
const far: [number, number, number, number] = [200, 200, 240, 240];

function classResult(result: ReturnType<typeof evaluateVoc>, className: string) {
  const entry = result.classes.find((candidate) => candidate.className === className);
  if (entry === undefined) throw new Error(`no class ${className}`);
  return entry;
}

describe('evaluateVoc edge cases', () => {
  it('no detections: AP 0 for each class with ground truth, mAP 0', () => {
    const result = evaluateVoc([gt('a', 'cat', square), gt('b', 'dog', square)], []);
    expect(result.mAP).toBe(0);
    expect(result.classes.map((entry) => [entry.className, entry.ap, entry.nDetections])).toEqual([
      ['cat', 0, 0],
      ['dog', 0, 0],
    ]);
  });

  it('a class without ground truth gets ap -1 and stays out of the mAP', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square)],
      [det('a', 'cat', 0.9, square), det('a', 'dog', 0.8, square)],
    );
    expect(classResult(result, 'dog')).toMatchObject({ ap: -1, nGroundTruth: 0, fp: 1, tp: 0 });
    expect(result.mAP).toBe(1);
  });

  it('a class whose only ground truth is difficult is excluded from the mAP', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square), gt('a', 'dog', far, true)],
      [det('a', 'cat', 0.9, square), det('a', 'dog', 0.9, far)],
    );
    expect(classResult(result, 'dog')).toMatchObject({
      ap: -1,
      nGroundTruth: 0,
      nDifficult: 1,
      tp: 0,
      fp: 0,
      ignored: 1,
    });
    expect(result.mAP).toBe(1);
  });

  it('a detection matched to a difficult box is neither TP nor FP', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square), gt('a', 'cat', far, true)],
      [det('a', 'cat', 0.9, far), det('a', 'cat', 0.8, square)],
    );
    const cat = classResult(result, 'cat');
    expect(cat).toMatchObject({ tp: 1, fp: 0, ignored: 1, nGroundTruth: 1, ap: 1 });
    // voc_eval.py: tp / max(tp + fp, eps), so the ignored first detection has precision 0.
    expect(Array.from(cat.precision)).toEqual([0, 1]);
    expect(Array.from(cat.recall)).toEqual([0, 1]);
  });

  it('the best overlap is chosen among difficult boxes too, so a detection can be ignored', () => {
    // The detection overlaps the difficult box more (IoU 1) than the plain one
    // (IoU 2000 / 3000, enough on its own): the devkit ignores it, no TP.
    const result = evaluateVoc(
      [gt('a', 'cat', [10, 10, 59, 59]), gt('a', 'cat', [20, 10, 69, 59], true)],
      [det('a', 'cat', 0.9, [20, 10, 69, 59])],
    );
    expect(classResult(result, 'cat')).toMatchObject({ tp: 0, fp: 0, ignored: 1, ap: 0 });
  });

  it('a duplicate detection of a box already claimed is a FP', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square)],
      [det('a', 'cat', 0.9, square), det('a', 'cat', 0.8, square)],
    );
    const cat = classResult(result, 'cat');
    expect(cat).toMatchObject({ tp: 1, fp: 1, ap: 1 });
    expect(Array.from(cat.precision)).toEqual([1, 0.5]);
  });

  it('IoU exactly at the threshold is a TP with >= and a FP with >', () => {
    // '+1' areas: ground truth 1 x 1 pixel, detection 2 x 1: IoU = 1 / 2 exactly.
    const boxes = [gt('a', 'cat', [0, 0, 0, 0])];
    const detections = [det('a', 'cat', 0.9, [0, 0, 1, 0])];
    expect(evaluateVoc(boxes, detections, { iouComparison: '>=' }).classes[0].tp).toBe(1);
    expect(evaluateVoc(boxes, detections, { iouComparison: '>' }).classes[0].tp).toBe(0);
    // Continuous areas: 1 x 1 inside 2 x 1.
    const continuous = { pixelConvention: 'continuous' as const };
    const boxes2 = [gt('a', 'cat', [0, 0, 1, 1])];
    const detections2 = [det('a', 'cat', 0.9, [0, 0, 2, 1])];
    expect(evaluateVoc(boxes2, detections2, { ...continuous, iouComparison: '>=' }).mAP).toBe(1);
    expect(evaluateVoc(boxes2, detections2, { ...continuous, iouComparison: '>' }).mAP).toBe(0);
  });

  it('+1 pixel areas versus continuous areas change the IoU', () => {
    // Ground truth x 0..9, detection x 5..14, both 10 rows tall (0..9).
    // +1: 5*10 / (100 + 100 - 50) = 1/3; continuous: 4*9 / (81 + 81 - 36) = 2/7.
    const boxes = [gt('a', 'cat', [0, 0, 9, 9])];
    const detections = [det('a', 'cat', 0.9, [5, 0, 14, 9])];
    const at = (pixelConvention: '+1' | 'continuous') =>
      evaluateVoc(boxes, detections, { iouThreshold: 0.3, pixelConvention }).mAP;
    expect(at('+1')).toBe(1);
    expect(at('continuous')).toBe(0);
  });

  it('detections with equal confidence keep their input order (a stable sort)', () => {
    const boxes = [gt('a', 'cat', square)];
    const hitFirst = evaluateVoc(boxes, [det('a', 'cat', 0.5, square), det('a', 'cat', 0.5, far)]);
    const missFirst = evaluateVoc(boxes, [det('a', 'cat', 0.5, far), det('a', 'cat', 0.5, square)]);
    expect(Array.from(hitFirst.classes[0].precision)).toEqual([1, 0.5]);
    expect(Array.from(missFirst.classes[0].precision)).toEqual([0, 0.5]);
    expect(hitFirst.mAP).toBe(1);
    expect(missFirst.mAP).toBe(0.5);
  });

  it('an unknown class name in the detections is reported under its own name, not in the mAP', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square)],
      [det('a', 'cat', 0.9, square), det('a', 'kat', 0.95, square)],
      { classNames: ['cat'] },
    );
    expect(result.classes.map((entry) => entry.className)).toEqual(['cat', 'kat']);
    expect(classResult(result, 'kat')).toMatchObject({ ap: -1, nDetections: 1, fp: 1 });
    expect(result.mAP).toBe(1);
  });

  it('a detection on an image without ground truth of its class is a FP', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square)],
      [det('b', 'cat', 0.9, square), det('a', 'cat', 0.8, square)],
    );
    expect(classResult(result, 'cat')).toMatchObject({ tp: 1, fp: 1, ap: 0.5 });
  });

  it('a detection of another class on the same box does not claim it', () => {
    const result = evaluateVoc(
      [gt('a', 'cat', square)],
      [det('a', 'dog', 0.9, square), det('a', 'cat', 0.8, square)],
    );
    expect(classResult(result, 'cat').tp).toBe(1);
  });

  it('classNames come first, in order, even without ground truth or detections', () => {
    const result = evaluateVoc([gt('a', 'cat', square)], [], { classNames: ['dog', 'cat'] });
    expect(result.classes.map((entry) => [entry.className, entry.ap])).toEqual([
      ['dog', -1],
      ['cat', 0],
    ]);
  });

  it('no ground truth at all gives mAP -1', () => {
    expect(evaluateVoc([], [det('a', 'cat', 0.9, square)]).mAP).toBe(-1);
    expect(evaluateVoc([], []).classes).toEqual([]);
  });

  it('evaluating twice gives the same result (claims are reset per evaluation)', () => {
    const boxes = [gt('a', 'cat', square)];
    const detections = [det('a', 'cat', 0.9, square)];
    expect(evaluateVoc(boxes, detections).mAP).toBe(1);
    expect(evaluateVoc(boxes, detections).mAP).toBe(1);
  });

  it('rejects a NaN confidence and options it cannot mean', () => {
    const boxes = [gt('a', 'cat', square)];
    expect(() => evaluateVoc(boxes, [det('a', 'cat', Number.NaN, square)])).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
    expect(() => evaluateVoc(boxes, [], { iouThreshold: 1.5 })).toThrow(/iouThreshold/);
    expect(() => evaluateVoc(boxes, [], { mode: 'voc07' as never })).toThrow(/mode/);
    expect(() => evaluateVoc(boxes, [], { iouComparison: '=' as never })).toThrow(/iouComparison/);
    expect(() => evaluateVoc(boxes, [], { pixelConvention: 'pixel' as never })).toThrow(
      /pixelConvention/,
    );
  });
});
