import { describe, expect, it } from 'vitest';
import {
  type Decoder,
  type InputPlacement,
  Postprocessor,
  type PostprocessOptions,
} from '../../../lib/detect/index.js';

/** A decoder that returns fixed candidates, for testing the stages after it. */
function fixed(rows: number[][], postNms = false): Decoder {
  return {
    postNms,
    decode(_outputs, _batch, threshold, into) {
      for (const row of rows)
        if (row[4] >= threshold) into.push(row[0], row[1], row[2], row[3], row[4], row[5]);
    },
  };
}

const options: PostprocessOptions = {
  scoreThreshold: 0.001,
  nms: { kind: 'iou', iouThreshold: 0.5 },
  clip: 'before-nms',
  maxDetections: 100,
};
// A 200 x 100 image stretched to a 100 x 100 input.
const stretch: InputPlacement = {
  sourceWidth: 200,
  sourceHeight: 100,
  scaleX: 0.5,
  scaleY: 1,
  offsetX: 0,
  offsetY: 0,
};

describe('Postprocessor', () => {
  it('maps boxes back through the placement and keeps them as floats', () => {
    const result = new Postprocessor(fixed([[10.25, 20, 30, 40, 0.5, 1]]), options).run(
      {},
      0,
      stretch,
    );
    expect(Array.from(result.boxes.subarray(0, 4))).toEqual([20.5, 20, 60, 40]);
  });

  it('undoes a letterbox offset', () => {
    // 200 x 100 letterboxed into 100 x 100: scale 0.5, 25 px bands above and below.
    const letterbox = { ...stretch, scaleY: 0.5, offsetY: 25 };
    const result = new Postprocessor(fixed([[0, 25, 100, 75, 0.5, 1]]), options).run(
      {},
      0,
      letterbox,
    );
    expect(Array.from(result.boxes.subarray(0, 4))).toEqual([0, 0, 200, 100]);
  });

  it('clips to the image and drops empty boxes before NMS', () => {
    const result = new Postprocessor(
      fixed([
        [-10, -10, 50, 50, 0.9, 1],
        [120, 0, 130, 10, 0.8, 1], // entirely right of the 100-px input: empty after clipping
      ]),
      options,
    ).run({}, 0, stretch);
    expect(result.count).toBe(1);
    expect(Array.from(result.boxes.subarray(0, 4))).toEqual([0, 0, 100, 50]);
  });

  it('keeps at most maxDetections, best first, after NMS', () => {
    const rows = Array.from({ length: 5 }, (_, i) => [
      i * 20,
      0,
      i * 20 + 10,
      10,
      0.1 * (i + 1),
      1,
    ]);
    const result = new Postprocessor(fixed(rows), { ...options, maxDetections: 2 }).run(
      {},
      0,
      stretch,
    );
    expect(result.count).toBe(2);
    expect(Array.from(result.scores.subarray(0, 2))).toEqual([0.5, 0.4]);
  });

  it("'after-nms' clips only the boxes NMS kept (darknet's order)", () => {
    const rows = [
      [-50, 0, 50, 10, 0.9, 1],
      [0, 0, 50, 10, 0.8, 1], // IoU with the first: 0.5 unclipped, 1 once both are clipped
    ];
    const before = new Postprocessor(fixed(rows), options).run({}, 0, stretch);
    const after = new Postprocessor(fixed(rows), { ...options, clip: 'after-nms' }).run(
      {},
      0,
      stretch,
    );
    expect(before.count).toBe(1);
    expect(after.count).toBe(2);
  });

  it("'after-nms': a box clipping empties still suppresses, but is not reported or counted", () => {
    const rows = [
      [-60, 0, -1, 10, 0.9, 1], // left of the image: empty once clipped
      [-50, 0, 5, 10, 0.8, 1], // IoU 0.75 with the first: suppressed by it
      [50, 0, 60, 10, 0.7, 1],
      [70, 0, 80, 10, 0.6, 1],
    ];
    const result = new Postprocessor(fixed(rows), {
      ...options,
      clip: 'after-nms',
      maxDetections: 1,
    }).run({}, 0, { ...stretch, scaleX: 1, sourceWidth: 100 });
    expect(result.count).toBe(1);
    expect(Array.from(result.scores.subarray(0, 1))).toEqual([0.7]);
  });
});
