import { describe, expect, it } from 'vitest';
import { missingDetectionsWarning } from '../../../lib/metrics/shards.js';

/** Images 1..n: image i has box i - 1; `crowd` lists the crowd boxes. */
function warn(n: number, detected: number[], crowd: number[] = []) {
  const imageIds = Array.from({ length: n }, (_, i) => i + 1);
  const annotationsByImage = new Map(imageIds.map((id) => [id, [id - 1]]));
  const iscrowd = Float64Array.from(imageIds, (id) => (crowd.includes(id - 1) ? 1 : 0));
  const byImage = new Map(detected.map((id) => [id, { count: 1 }]));
  return missingDetectionsWarning(annotationsByImage, iscrowd, imageIds, byImage);
}

describe('missingDetectionsWarning', () => {
  it('names the count when a tenth or more of the images with ground truth have no detection', () => {
    expect(warn(20, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])).toMatch(
      /^2 of 20 images with ground truth have no detections at all: a missing shard, results of eval --limit/,
    );
    // One of 20 (5 %) is a detector missing an image, not incomplete results.
    expect(
      warn(20, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19]),
    ).toBeUndefined();
  });

  it('counts only images with a box that is not a crowd', () => {
    // Images 3 and 4 have only crowds: 1 of 2 counted images lacks detections.
    expect(warn(4, [1], [2, 3])).toMatch(/^1 of 2 images/);
    expect(warn(4, [1, 2], [2, 3])).toBeUndefined();
  });
});
