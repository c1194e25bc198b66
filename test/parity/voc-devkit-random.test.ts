import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type VocDetection,
  type VocGroundTruthBox,
  type VocOptions,
  evaluateVoc,
} from '../../lib/metrics/voc/index.js';
import { pythonHas, pythonMissingReason, runPython } from '../helpers/python.js';
import { seededRandom } from '../helpers/random.js';

// Seeded random cases against voc_devkit_reference.py, a numpy transcription
// of the devkit's voc_eval() / voc_ap(). Integer coordinates and quantized
// scores make exact IoU ties, IoU == threshold and confidence ties common.

const caseCount = 60;
const hasNumpy = pythonHas('numpy');
const reference = readFileSync(new URL('./voc_devkit_reference.py', import.meta.url), 'utf8');

interface ReferenceClass {
  npos: number;
  prec: number[];
  rec?: number[];
  ap?: number;
  ap07?: number;
  tp: number;
  fp: number;
}

function randomCase(seed: number) {
  const random = seededRandom(seed);
  const integer = (limit: number) => Math.floor(random() * limit);
  const classes = ['a', 'b', 'c', 'd'].slice(0, 1 + integer(4));
  const images = 1 + integer(12);
  const fractional = random() < 0.3;
  const coordinate = (limit: number) =>
    fractional ? Math.round(random() * limit * 4) / 4 : integer(limit);
  const groundTruth: VocGroundTruthBox[] = [];
  const detections: VocDetection[] = [];
  for (let image = 0; image < images; image++) {
    const imageId = `img${image}`;
    for (let box = integer(6); box > 0; box--) {
      const x1 = coordinate(60);
      const y1 = coordinate(60);
      const className = classes[integer(classes.length)];
      const [x2, y2] = [x1 + coordinate(30), y1 + coordinate(30)];
      groundTruth.push({ imageId, className, x1, y1, x2, y2, difficult: random() < 0.2 });
      // Detections near the box: several per box, so duplicates and misses happen.
      for (let copy = integer(4); copy > 0; copy--) {
        const jitter = () => integer(9) - 4;
        detections.push({
          imageId: random() < 0.1 ? `img${images}` : imageId, // some on images without ground truth
          className: random() < 0.15 ? 'unknown' : className,
          confidence: integer(20) / 20,
          x1: x1 + jitter(),
          y1: y1 + jitter(),
          x2: x2 + jitter(),
          y2: y2 + jitter(),
        });
      }
    }
  }
  const options: VocOptions = {
    iouThreshold: [0.1, 0.3, 0.5, 0.5, 0.7][integer(5)],
    iouComparison: random() < 0.5 ? '>=' : '>',
    pixelConvention: random() < 0.5 ? '+1' : 'continuous',
  };
  return { groundTruth, detections, options };
}

describe.skipIf(!hasNumpy)(
  `VOC evaluator against the devkit's voc_eval.py${hasNumpy ? '' : ` (skipped: ${pythonMissingReason('numpy')})`}`,
  () => {
    it(`${caseCount} seeded random cases: AP (both modes), precision, recall, TP, FP`, () => {
      const cases = Array.from({ length: caseCount }, (_, index) => randomCase(1000 + index));
      const job = cases.map(({ groundTruth, detections, options }) => ({
        gt: groundTruth.map((b) => [
          b.imageId,
          b.className,
          b.x1,
          b.y1,
          b.x2,
          b.y2,
          b.difficult ? 1 : 0,
        ]),
        dt: detections.map((d) => [d.imageId, d.className, d.confidence, d.x1, d.y1, d.x2, d.y2]),
        iou: options.iouThreshold,
        cmp: options.iouComparison,
        pixel: options.pixelConvention,
      }));
      const answers = JSON.parse(runPython(reference, [], JSON.stringify(job))) as Record<
        string,
        ReferenceClass
      >[];
      let compared = 0;
      cases.forEach(({ groundTruth, detections, options }, index) => {
        const allPoint = evaluateVoc(groundTruth, detections, options);
        const elevenPoint = evaluateVoc(groundTruth, detections, { ...options, mode: '11-point' });
        const where = `case ${index} (seed ${1000 + index})`;
        expect(
          allPoint.classes.map((entry) => entry.className),
          where,
        ).toEqual(Object.keys(answers[index]));
        allPoint.classes.forEach((entry, classIndex) => {
          const expected = answers[index][entry.className];
          const label = `${where}, class ${entry.className}`;
          expect([entry.nGroundTruth, entry.tp, entry.fp], label).toEqual([
            expected.npos,
            expected.tp,
            expected.fp,
          ]);
          expectClose(Array.from(entry.precision), expected.prec, label);
          if (expected.ap === undefined) {
            expect(entry.ap, label).toBe(-1);
            return;
          }
          expectClose(Array.from(entry.recall), expected.rec ?? [], label);
          expectClose(
            [entry.ap, elevenPoint.classes[classIndex].ap],
            [expected.ap, expected.ap07 ?? NaN],
            label,
          );
          compared++;
        });
      });
      expect(compared).toBeGreaterThan(caseCount);
    });
  },
);

function expectClose(actual: number[], expected: number[], label: string): void {
  expect(actual.length, label).toBe(expected.length);
  const worst = Math.max(0, ...actual.map((value, index) => Math.abs(value - expected[index])));
  expect(worst, label).toBeLessThanOrEqual(1e-12);
}
