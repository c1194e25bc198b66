import { describe, expect, it } from 'vitest';
import {
  Candidates,
  type Decoder,
  Postprocessor,
  boxIouWithOffset,
  nonMaximumSuppression,
} from '../../../lib/detect/index.js';

function candidates(rows: number[][]): Candidates {
  const list = new Candidates();
  for (const [x1, y1, x2, y2, score, category] of rows) list.push(x1, y1, x2, y2, score, category);
  return list;
}
const kept = (list: Candidates, options: Parameters<typeof nonMaximumSuppression>[1]) =>
  Array.from(nonMaximumSuppression(list, options).scores);

/**
 * torchvision's CPU nms_kernel transcribed (stable descending sort, suppress
 * IoU > threshold with every kept box), on boxes offset by class x max_wh as
 * yolov5 / Ultralytics call it: the reference for the seeded comparison.
 */
function torchvisionBatchedNms(rows: number[][], iou: number, agnostic: boolean): number[] {
  const maxWh = 7680;
  const boxes = rows.map((row) => {
    const c = agnostic ? 0 : row[5] * maxWh;
    return [row[0] + c, row[1] + c, row[2] + c, row[3] + c];
  });
  const area = (b: number[]) => (b[2] - b[0]) * (b[3] - b[1]);
  const order = rows.map((_, i) => i).sort((a, b) => rows[b][4] - rows[a][4] || a - b);
  const suppressed = new Set<number>();
  const keep: number[] = [];
  for (const i of order) {
    if (suppressed.has(i)) continue;
    keep.push(i);
    for (const j of order) {
      if (j === i || suppressed.has(j) || keep.includes(j)) continue;
      const w = Math.max(
        0,
        Math.min(boxes[i][2], boxes[j][2]) - Math.max(boxes[i][0], boxes[j][0]),
      );
      const h = Math.max(
        0,
        Math.min(boxes[i][3], boxes[j][3]) - Math.max(boxes[i][1], boxes[j][1]),
      );
      const inter = w * h;
      if (inter / (area(boxes[i]) + area(boxes[j]) - inter) > iou) suppressed.add(j);
    }
  }
  return keep;
}

describe('NMS kinds', () => {
  const overlapping = [
    [0, 0, 10, 10, 0.9, 0],
    [1, 0, 11, 10, 0.8, 1], // IoU 90 / 110 = 0.818 with the first, other class
    [0, 0, 10, 10, 0.7, 0], // the first box again, same class
  ];

  it('class-aware keeps a box of another class; class-agnostic suppresses it', () => {
    expect(kept(candidates(overlapping), { kind: 'iou', iouThreshold: 0.5 })).toEqual([0.9, 0.8]);
    expect(
      kept(candidates(overlapping), { kind: 'iou', iouThreshold: 0.5, classAgnostic: true }),
    ).toEqual([0.9]);
  });

  it('suppresses only IoU strictly above the threshold (torchvision: ovr > iou_threshold)', () => {
    // [0,0,2,1] and [1,0,3,1]: intersection 1, union 3: IoU 1/3 exactly representable? Use 0.5:
    // [0,0,4,1] and [0,0,2,1]: intersection 2, union 4: IoU 0.5.
    const pair = [
      [0, 0, 4, 1, 0.9, 0],
      [0, 0, 2, 1, 0.8, 0],
    ];
    expect(kept(candidates(pair), { kind: 'iou', iouThreshold: 0.5 })).toEqual([0.9, 0.8]);
    expect(kept(candidates(pair), { kind: 'iou', iouThreshold: 0.49 })).toEqual([0.9]);
  });

  it('max_nms: only the best maxCandidates enter NMS', () => {
    const list = candidates([
      [0, 0, 1, 1, 0.5, 0],
      [5, 5, 6, 6, 0.9, 0],
      [9, 9, 10, 10, 0.7, 0],
    ]);
    expect(kept(list, { kind: 'iou', iouThreshold: 0.5, maxCandidates: 2 })).toEqual([0.9, 0.7]);
  });

  it("tensorrt_demos' overlap adds 1 to the intersection sides, not to the areas", () => {
    // [0,0,10,10] and [5,0,15,10]: (5 + 1) x (10 + 1) = 66 over 100 + 100 - 66 = 134.
    expect(boxIouWithOffset([0, 0, 10, 10, 5, 0, 15, 10], 0, 4, 1)).toBeCloseTo(66 / 134, 15);
    const pair = [
      [0, 0, 10, 10, 0.9, 0],
      [5, 0, 15, 10, 0.8, 0],
    ];
    // Plain IoU 50 / 150 = 0.333 keeps both at 0.45; with the offset 0.49 > 0.45 suppresses.
    expect(kept(candidates(pair), { kind: 'iou', iouThreshold: 0.45 })).toEqual([0.9, 0.8]);
    expect(
      kept(candidates(pair), { kind: 'iou', iouThreshold: 0.45, intersectionOffset: 1 }),
    ).toEqual([0.9]);
  });

  it('equals torchvision.ops.nms on class-offset boxes (200 seeded random sets, with score ties)', () => {
    let seed = 11;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let set = 0; set < 200; set++) {
      const rows = Array.from({ length: 40 }, () => {
        const x = random() * 50;
        const y = random() * 50;
        return [
          x,
          y,
          x + 5 + random() * 30,
          y + 5 + random() * 30,
          Math.round(random() * 8) / 8,
          Math.floor(random() * 3),
        ];
      });
      for (const agnostic of [false, true]) {
        const expected = torchvisionBatchedNms(rows, 0.45, agnostic);
        const actual = nonMaximumSuppression(candidates(rows), {
          kind: 'iou',
          iouThreshold: 0.45,
          classAgnostic: agnostic,
        });
        const picked = Array.from({ length: actual.count }, (_, i) => [
          ...Array.from(actual.boxes.subarray(i * 4, i * 4 + 4)),
          actual.scores[i],
          actual.categories[i],
        ]);
        expect(picked).toEqual(expected.map((i) => rows[i]));
      }
    }
  });
});

describe('Postprocessor clip rules', () => {
  const decoder = (rows: number[][], postNms = false): Decoder => ({
    postNms,
    decode(_outputs, _batch, _threshold, into) {
      for (const [x1, y1, x2, y2, score, category] of rows)
        into.push(x1, y1, x2, y2, score, category);
    },
  });
  const identity = {
    sourceWidth: 100,
    sourceHeight: 100,
    scaleX: 1,
    scaleY: 1,
    offsetX: 0,
    offsetY: 0,
  };
  const rows = [
    [110, 10, 120, 20, 0.9, 0], // outside the image: clipped to nothing
    [-20, 10, 50, 60, 0.8, 0],
    [90, 90, 99, 99, 0.7, 0],
  ];
  const run = (clip: 'after-nms-keep' | 'none' | 'before-nms', maxDetections: number) => {
    const result = new Postprocessor(decoder(rows), {
      scoreThreshold: 0.001,
      nms: { kind: 'iou', iouThreshold: 0.5 },
      clip,
      maxDetections,
    }).run({}, 0, identity);
    return Array.from({ length: result.count }, (_, i) =>
      Array.from(result.boxes.subarray(i * 4, i * 4 + 4)),
    );
  };

  it('after-nms-keep: the top-k counts the box clipped to nothing, which stays (yolov5 / Ultralytics)', () => {
    expect(run('after-nms-keep', 2)).toEqual([
      [100, 10, 100, 20],
      [0, 10, 50, 60],
    ]);
  });
  it('none: boxes stay unclipped (YOLOX); before-nms drops the empty one first', () => {
    expect(run('none', Infinity)[1]).toEqual([-20, 10, 50, 60]);
    expect(run('before-nms', 2)).toEqual([
      [0, 10, 50, 60],
      [90, 90, 99, 99],
    ]);
  });
  it('outputs already past NMS: the top-k, then the clip rule', () => {
    const result = new Postprocessor(decoder(rows, true), {
      scoreThreshold: 0.001,
      nms: { kind: 'iou', iouThreshold: 0.5 },
      clip: 'after-nms-keep',
      maxDetections: 1,
    }).run({}, 0, identity);
    expect(result.count).toBe(1);
    expect(Array.from(result.boxes.subarray(0, 4))).toEqual([100, 10, 100, 20]);
  });
});
