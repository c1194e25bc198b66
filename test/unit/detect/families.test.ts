import { describe, expect, it } from 'vitest';
import {
  AnchorRowsDecoder,
  Candidates,
  DetectionRowsDecoder,
  DetrDecoder,
  GflDecoder,
  NmsTrtDecoder,
  UserDecoder,
  YoloLayerDecoder,
  YoloxDecoder,
  keepCountOf,
} from '../../../lib/detect/index.js';

/** Each candidate as [x1, y1, x2, y2, score, category]. */
const rows = (list: Candidates) =>
  Array.from({ length: list.count }, (_, i) => [
    ...Array.from(list.boxes.subarray(i * 4, i * 4 + 4)),
    list.scores[i],
    list.categories[i],
  ]);
const near = (values: number[], digits = 5) => values.map((v) => expect.closeTo(v, digits));
const tensor = (values: number[], dims: number[]) => ({ data: Float32Array.from(values), dims });

describe('AnchorRowsDecoder (YOLOv5 rows, obj x cls)', () => {
  // [1, 3, 5 + 2]: cx, cy, w, h, obj, cls0, cls1 per anchor (powers of two: exact in float32).
  const output = tensor(
    [
      ...[10, 20, 4, 6, 0.5, 0.75, 0.375], // scores 0.375, 0.1875
      ...[0, 0, 2, 2, 0.125, 1, 1], // obj == threshold: not a candidate ('>')
      ...[32, 32, 8, 8, 1, 0.5, 0.5], // a tie: the first class wins
    ],
    [1, 3, 7],
  );
  const decode = (multiLabel: boolean, threshold: number) => {
    const list = new Candidates();
    new AnchorRowsDecoder({
      output: 'o',
      objectness: true,
      channelsFirst: false,
      multiLabel,
    }).decode({ o: output }, 0, threshold, list);
    return rows(list);
  };

  it('multi-label: one candidate per (anchor, class) with obj x cls > conf, strictly', () => {
    expect(decode(true, 0.125)).toEqual([
      [8, 17, 12, 23, 0.375, 0],
      [8, 17, 12, 23, 0.1875, 1],
      [28, 28, 36, 36, 0.5, 0],
      [28, 28, 36, 36, 0.5, 1],
    ]);
    // 0.1875 > 0.1875 is false: yolov5's `x[:, 5:] > conf_thres`.
    expect(decode(true, 0.1875).map((row) => row[4])).toEqual([0.375, 0.5, 0.5]);
  });

  it('best class: the first maximum of each anchor', () => {
    expect(decode(false, 0.125)).toEqual([
      [8, 17, 12, 23, 0.375, 0],
      [28, 28, 36, 36, 0.5, 0],
    ]);
  });
});

describe('AnchorRowsDecoder (YOLOv8 [N, 4 + C, anchors], no objectness)', () => {
  // Two anchors, two classes, channels first: row c holds value c of every anchor.
  const output = tensor([100, 50, 200, 60, 20, 10, 40, 10, 0.25, 0.0625, 0.125, 0.75], [1, 6, 2]);
  it('reads anchors along the last axis and maps classes through the category map', () => {
    const list = new Candidates();
    new AnchorRowsDecoder({
      output: 'y',
      objectness: false,
      channelsFirst: true,
      multiLabel: true,
      categories: Int32Array.from([1, 2]),
    }).decode({ y: output }, 0, 0.1, list);
    // Anchor 0: cx 100, cy 200, w 20, h 40: scores 0.25 (class 0 -> 1), 0.125 (class 1 -> 2).
    // Anchor 1: cx 50, cy 60, w 10, h 10: score 0.75 (class 1 -> 2); 0.0625 is below.
    expect(rows(list)).toEqual([
      [90, 180, 110, 220, 0.25, 1],
      [90, 180, 110, 220, 0.125, 2],
      [45, 55, 55, 65, 0.75, 2],
    ]);
  });
  it('a single-class model is never multi-label (multi_label &= nc > 1)', () => {
    const single = tensor([10, 10, 2, 2, 0.5], [1, 5, 1]);
    const list = new Candidates();
    new AnchorRowsDecoder({
      output: 'y',
      objectness: false,
      channelsFirst: true,
      multiLabel: true,
    }).decode({ y: single }, 0, 0.1, list);
    expect(rows(list)).toEqual([[9, 9, 11, 11, 0.5, 0]]);
  });
  it('rejects an output with no class', () => {
    const list = new Candidates();
    const decoder = new AnchorRowsDecoder({
      output: 'y',
      objectness: true,
      channelsFirst: false,
      multiLabel: true,
    });
    expect(() => decoder.decode({ y: tensor([1, 2, 3, 4, 5], [1, 1, 5]) }, 0, 0, list)).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringContaining('5 + classes'),
      }),
    );
  });
});

describe('YoloxDecoder (raw grid outputs)', () => {
  // Input 64 x 32: strides 8, 16, 32 give 8x4 + 4x2 + 2x1 = 42 cells, 5 + 2 values each.
  const values = new Array(42 * 7).fill(0);
  // Stride 16 starts at cell 32; its cell 5 is row 1, column 1.
  values.splice((32 + 5) * 7, 7, 0.5, 0.25, Math.log(2), 0, 0.5, 0.25, 0.75);
  const output = tensor(values, [1, 42, 7]);
  it('decodes (v + grid) x stride and e^v x stride, score obj x best class (>=)', () => {
    const list = new Candidates();
    new YoloxDecoder({ output: 'o', inputWidth: 64, inputHeight: 32, multiLabel: false }).decode(
      { o: output },
      0,
      0.375,
      list,
    );
    // cx = (0.5 + 1) x 16 = 24, cy = (0.25 + 1) x 16 = 20, w = 2 x 16 = 32, h = 16.
    // Score 0.5 x 0.75 = 0.375 is kept at threshold 0.375 (YOLOX compares with >=).
    expect(rows(list)).toEqual([near([8, 12, 40, 28, 0.375, 1])]);
  });
  it('says which strides it tried when the cells do not add up', () => {
    const list = new Candidates();
    const decoder = new YoloxDecoder({
      output: 'o',
      inputWidth: 64,
      inputHeight: 64,
      multiLabel: false,
    });
    expect(() => decoder.decode({ o: output }, 0, 0.01, list)).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringMatching(
          /42 cells do not match strides \[8, 16, 32\] or \[8, 16, 32, 64\] at input 64x64/,
        ),
      }),
    );
  });
});

describe('GflDecoder (NanoDet / PicoDet)', () => {
  // Input 16 x 16: stride 8 has 2 x 2 cells, stride 16 one cell; 2 classes, 2 bins per side.
  const scores8 = tensor([0, 0, 0, 0, 0, 0, 0.375, 0.75], [1, 4, 2]);
  const boxes8 = new Array(4 * 8).fill(0);
  // Cell 3 (row 1, column 1, centre 12, 12): left [0, 0] -> 0.5 bins, top [0, ln 3] -> 0.75,
  // right [ln 3, 0] -> 0.25, bottom [0, 0] -> 0.5; times the stride 8: 4, 6, 2, 4.
  boxes8.splice(3 * 8, 8, 0, 0, 0, Math.log(3), Math.log(3), 0, 0, 0);
  const scores16 = tensor([0.25, 0], [1, 1, 2]);
  const boxes16 = tensor([0, 0, 0, 0, 0, 0, 0, 50], [1, 1, 8]); // bottom far past the input
  const outputs = {
    s8: scores8,
    b8: tensor(boxes8, [1, 4, 8]),
    s16: scores16,
    b16: boxes16,
  };
  const base = {
    scores: ['s8', 's16'],
    boxes: ['b8', 'b16'],
    inputWidth: 16,
    inputHeight: 16,
    cellOffset: 0.5,
    scoreActivation: 'none',
    clipToInput: true,
    multiLabel: true,
  } as const;

  it('softmax expectation x stride from the cell centre, multi-label, clipped to the input', () => {
    const list = new Candidates();
    new GflDecoder(base).decode(outputs, 0, 0.2, list);
    expect(rows(list)).toEqual([
      near([8, 6, 14, 16, 0.375, 0]),
      near([8, 6, 14, 16, 0.75, 1]),
      // Stride 16, centre (8, 8), distances 8 each; bottom ~ 1 x 16 + 8 clipped to 16.
      near([0, 0, 16, 16, 0.25, 0]),
    ]);
  });

  it("cell offset 0 (NanoDet-Plus) and the per-level top-k of NanoDet's GFLHead", () => {
    const list = new Candidates();
    new GflDecoder({ ...base, cellOffset: 0, preNmsTopK: 1, multiLabel: false }).decode(
      outputs,
      0,
      0.2,
      list,
    );
    // Centre (8, 8) for cell 3 at offset 0; best class only.
    expect(rows(list)).toEqual([near([4, 2, 10, 12, 0.75, 1]), near([0, 0, 8, 16, 0.25, 0])]);
  });

  it('rejects a box output paired with the wrong level', () => {
    const list = new Candidates();
    const swapped = new GflDecoder({ ...base, boxes: ['b16', 'b8'] });
    expect(() => swapped.decode(outputs, 0, 0.2, list)).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringContaining('check the order'),
      }),
    );
  });

  it('reads one combined output over all levels, with sigmoid scores', () => {
    // Input 8 x 8, one stride-8 cell: 1 class + 4 x 2 bins.
    const combined = tensor([0, 0, 0, 0, 0, 0, 0, 0, 0], [1, 1, 9]);
    const list = new Candidates();
    new GflDecoder({
      combined: 'c',
      inputWidth: 8,
      inputHeight: 8,
      strides: [8],
      bins: 2,
      cellOffset: 0.5,
      scoreActivation: 'sigmoid',
      clipToInput: false,
      multiLabel: true,
    }).decode({ c: combined }, 0, 0.4, list);
    expect(rows(list)).toEqual([near([0, 0, 8, 8, 0.5, 0])]);
  });
});

describe('DetectionRowsDecoder (DeepStream-Yolo, Ultralytics end2end)', () => {
  const output = tensor(
    [...[10, 20, 30, 40, 0.5, 2], ...[-5, 0, 0.5, 60, 0.9, 1], ...[5, 5, 100, 5.5, 0.8, 0]],
    [1, 3, 6],
  );
  it("clamps to the input and drops boxes under 1 pixel, as DeepStream-Yolo's parser", () => {
    const list = new Candidates();
    new DetectionRowsDecoder({
      detections: 'o',
      boxFormat: 'xyxy',
      normalized: false,
      inputWidth: 64,
      inputHeight: 50,
      clampToInput: true,
      postNms: false,
    }).decode({ o: output }, 0, 0.1, list);
    // Row 2: x -5 -> 0, width 0.5 < 1: dropped; row 3: height 0.5 < 1: dropped.
    expect(rows(list)).toEqual([[10, 20, 30, 40, 0.5, 2]]);
  });
  it('reads three outputs of centre-size boxes', () => {
    const list = new Candidates();
    new DetectionRowsDecoder({
      boxes: 'b',
      scores: 's',
      classes: 'c',
      boxFormat: 'cxcywh',
      normalized: true,
      inputWidth: 100,
      inputHeight: 10,
      clampToInput: false,
      postNms: true,
    }).decode(
      {
        b: tensor([0.5, 0.5, 0.25, 0.5], [1, 1, 4]),
        s: tensor([0.75], [1, 1, 1]),
        c: tensor([3], [1, 1, 1]),
      },
      0,
      0.5,
      list,
    );
    expect(rows(list)).toEqual([[37.5, 2.5, 62.5, 7.5, 0.75, 3]]);
  });
});

describe("YoloLayerDecoder (tensorrt_demos' yolo_layer records)", () => {
  it('reads x, y (top-left), w, h fractions, box confidence x class probability, across per-layer outputs', () => {
    const layer1 = tensor(
      [0.25, 0.5, 0.5, 0.25, 0.5, 3, 0.5, ...[0, 0, 0.1, 0.1, 0.1, 1, 0.1]],
      [14, 1, 1],
    );
    const layer2 = tensor([0.5, 0, 0.25, 0.5, 1, 0, 0.0625], [1, 7, 1, 1]);
    const list = new Candidates();
    new YoloLayerDecoder({ outputs: ['l1', 'l2'], inputWidth: 80, inputHeight: 40 }).decode(
      { l1: layer1, l2: layer2 },
      0,
      0.0625,
      list,
    );
    // Record 1: (20, 20) w 40 h 10, score 0.25, class 3; record 2: 0.01 < 0.0625;
    // layer 2: (40, 0) w 20 h 20, score 0.0625 >= 0.0625.
    expect(rows(list)).toEqual([near([20, 20, 60, 30, 0.25, 3]), near([40, 0, 60, 20, 0.0625, 0])]);
  });
  it('rejects an output that is not made of 7-float records', () => {
    const list = new Candidates();
    const decoder = new YoloLayerDecoder({ outputs: ['d'], inputWidth: 1, inputHeight: 1 });
    expect(() => decoder.decode({ d: tensor([1, 2, 3], [1, 3]) }, 0, 0, list)).toThrow(
      expect.objectContaining({ code: 'ERR_SHAPE' }),
    );
  });
});

describe('DetrDecoder', () => {
  it('softmax without the no-object class, best class per query, boxes relative to the input', () => {
    // Logits [ln 1, ln 2, ln 1] -> probabilities 0.25, 0.5 (class 1), no-object 0.25.
    const list = new Candidates();
    new DetrDecoder({
      boxes: 'b',
      logits: 'l',
      activation: 'softmax',
      multiLabel: false,
      inputWidth: 200,
      inputHeight: 100,
    }).decode(
      { b: tensor([0.5, 0.5, 0.5, 0.2], [1, 1, 4]), l: tensor([0, Math.log(2), 0], [1, 1, 3]) },
      0,
      0.3,
      list,
    );
    expect(rows(list)).toEqual([near([50, 40, 150, 60, 0.5, 1])]);
  });
});

describe('NmsTrtDecoder keep count', () => {
  it('reads the count as int32 bits in a float tensor, and stops there', () => {
    const count = new Float32Array(1);
    new Int32Array(count.buffer)[0] = 1;
    const detections = tensor(
      [0, 5, 0.9, 0.1, 0.2, 0.3, 0.4, 0, 6, 0.8, 0.5, 0.5, 0.6, 0.6],
      [1, 1, 2, 7],
    );
    const list = new Candidates();
    new NmsTrtDecoder({ output: 'n', keepCount: 'k', inputWidth: 10, inputHeight: 10 }).decode(
      { n: detections, k: { data: count, dims: [1, 1, 1, 1] } },
      0,
      0.001,
      list,
    );
    expect(rows(list)).toEqual([near([1, 2, 3, 4, 0.9, 5])]);
  });
  it('accepts a count stored as a float value, and names the output when it is neither', () => {
    expect(keepCountOf(tensor([2], [1, 1, 1, 1]), 'k', 0, 100)).toBe(2);
    expect(() => keepCountOf(tensor([0.5], [1]), 'k', 0, 100)).toThrow(
      expect.objectContaining({
        code: 'ERR_SHAPE',
        message: expect.stringContaining('--outputs keep-count='),
      }),
    );
  });
});

describe('UserDecoder', () => {
  const options = { source: './my.mjs', postNms: false, inputWidth: 10, inputHeight: 10 };
  it('takes an array of detections or parallel arrays, dropping scores below the threshold', () => {
    const list = new Candidates();
    new UserDecoder({
      ...options,
      decode: (outputs, context) => {
        expect(context).toEqual({ batchIndex: 0, threshold: 0.5, inputWidth: 10, inputHeight: 10 });
        return [
          { box: [1, 2, 3, 4], score: 0.9, classIndex: 1 },
          { box: [1, 2, 3, 4], score: 0.1, classIndex: 1 },
        ];
      },
    }).decode({}, 0, 0.5, list);
    new UserDecoder({
      ...options,
      decode: () => ({ boxes: [0, 0, 1, 1], scores: [0.7], classes: [2] }),
    }).decode({}, 0, 0.5, list);
    expect(rows(list)).toEqual([near([1, 2, 3, 4, 0.9, 1]), near([0, 0, 1, 1, 0.7, 2])]);
  });
  it('rejects a promise or malformed detections, naming the module', () => {
    const list = new Candidates();
    const asPromise = new UserDecoder({ ...options, decode: (() => Promise.resolve([])) as never });
    expect(() => asPromise.decode({}, 0, 0, list)).toThrow(
      expect.objectContaining({
        code: 'ERR_INVALID_ARGUMENT',
        message: expect.stringContaining('./my.mjs must return a synchronous result'),
      }),
    );
    const badBox = new UserDecoder({
      ...options,
      decode: () => [{ box: [1, 2, 3], score: 1, classIndex: 0 }],
    });
    expect(() => badBox.decode({}, 0, 0, list)).toThrow(
      expect.objectContaining({ code: 'ERR_INVALID_ARGUMENT' }),
    );
  });
});
