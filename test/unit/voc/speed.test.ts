import { describe, expect, it } from 'vitest';
import {
  type VocDetection,
  type VocGroundTruthBox,
  evaluateVoc,
} from '../../../lib/metrics/voc/index.js';

// A guard against accidentally quadratic matching, not a benchmark: 5000
// images x 20 classes (35k boxes, 175k detections) takes about 0.1 s on a
// development machine; the limit leaves room for a busy CI runner.
describe('evaluateVoc speed', () => {
  it('5000 images x 20 classes evaluate in under a second', () => {
    let state = 1;
    const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const groundTruth: VocGroundTruthBox[] = [];
    const detections: VocDetection[] = [];
    for (let image = 0; image < 5000; image++) {
      const imageId = `image${image}`;
      for (let box = 0; box < 7; box++) {
        const className = `class${Math.floor(random() * 20)}`;
        const [x1, y1] = [random() * 400, random() * 400];
        const [x2, y2] = [x1 + 10 + random() * 100, y1 + 10 + random() * 100];
        groundTruth.push({ imageId, className, x1, y1, x2, y2, difficult: random() < 0.1 });
        for (let copy = 0; copy < 5; copy++) {
          const shift = (random() - 0.5) * 20;
          detections.push({
            imageId,
            className,
            confidence: random(),
            x1: x1 + shift,
            y1,
            x2,
            y2: y2 + shift,
          });
        }
      }
    }
    const start = performance.now();
    const result = evaluateVoc(groundTruth, detections);
    const elapsed = performance.now() - start;
    expect(result.classes).toHaveLength(20);
    expect(result.mAP).toBeGreaterThan(0);
    expect(elapsed).toBeLessThan(1000);
  });
});
