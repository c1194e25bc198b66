// What the tests that run trtmap against the Python reference pipeline
// (test/parity/pipeline/reference.py) share: feeding trtmap the reference's own
// input tensors, and comparing the detections both sides then give.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { InputPlacement } from '../../lib/detect/types.js';
import type { CocoDetection } from '../../lib/metrics/index.js';
import type { ImageStage } from '../../lib/pipeline/image-stage.js';

/**
 * An image stage that feeds trtmap the tensors (and placements) the reference
 * wrote to `tensors`: placements.json maps each image to its placement and the
 * path of its float32 tensor file.
 */
export function referenceTensors(tensors: string): ImageStage {
  const placements = JSON.parse(
    readFileSync(path.join(tensors, 'placements.json'), 'utf8'),
  ) as Record<string, InputPlacement & { tensor: string }>;
  return {
    prepare: async (image) => {
      const { tensor, ...placement } = placements[image];
      const bytes = readFileSync(tensor);
      return {
        tensor: new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4),
        placement,
        milliseconds: 0,
      };
    },
  };
}

/**
 * The same detections in the same order: equal image and category ids, and
 * score and box values within `tolerance` (the largest difference is asserted).
 */
export function expectSameDetections(
  actual: CocoDetection[],
  expected: CocoDetection[],
  tolerance = 1e-6,
): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  actual.forEach((detection, index) => {
    const reference = expected[index];
    expect([detection.image_id, detection.category_id], `detection ${index}`).toEqual([
      reference.image_id,
      reference.category_id,
    ]);
    worst = Math.max(worst, Math.abs(detection.score - reference.score));
    detection.bbox.forEach(
      (value, k) => (worst = Math.max(worst, Math.abs(value - reference.bbox[k]))),
    );
  });
  expect(worst).toBeLessThan(tolerance);
}
