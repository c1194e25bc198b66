import { describe, expect, it } from 'vitest';
import {
  Candidates,
  FastestDetDecoder,
  NmsTrtDecoder,
  SsdDecoder,
  YoloDecoder,
  efficientNmsDecoder,
} from '../../../lib/detect/index.js';

const logit = (p: number) => Math.log(p / (1 - p));
const rows = (list: Candidates) =>
  Array.from({ length: list.count }, (_, i) => [
    ...Array.from(list.boxes.subarray(i * 4, i * 4 + 4)),
    list.scores[i],
    list.categories[i],
  ]);

describe('YoloDecoder', () => {
  // One head, 2x2 grid, one anchor (20 x 10 px) of 2 classes, input 64 x 32.
  const head = {
    output: 'y',
    classes: 2,
    mask: [1],
    anchors: [1, 1, 20, 10],
    scaleXY: 1,
    newCoords: false,
  };
  function output(cell: number, values: number[]) {
    const data = new Float32Array(7 * 4).fill(-20);
    values.forEach((value, entry) => (data[entry * 4 + cell] = value));
    return { y: { data, dims: [1, 7, 2, 2] } };
  }

  it('decodes darknet boxes into input pixels, one candidate per class over the threshold', () => {
    // Cell 3 = row 1, column 1; tx = ty = 0 -> centre offset 0.5; tw = ln 2 -> w = 40.
    const outputs = output(3, [0, 0, Math.log(2), 0, logit(0.8), logit(0.5), logit(0.25)]);
    const list = new Candidates();
    new YoloDecoder({ heads: [head], inputWidth: 64, inputHeight: 32 }).decode(
      outputs,
      0,
      0.3,
      list,
    );
    // x = (1 + 0.5) / 2 * 64 = 48, y = (1 + 0.5) / 2 * 32 = 24, w = 40, h = 10.
    // p(class 0) = 0.8 * 0.5 = 0.4 >= 0.3; p(class 1) = 0.2 < 0.3.
    expect(rows(list)).toHaveLength(1);
    const [x1, y1, x2, y2, score, category] = rows(list)[0];
    expect([x1, y1, x2, y2]).toEqual([28, 19, 68, 29].map((v) => expect.closeTo(v, 4)));
    expect(score).toBeCloseTo(0.4, 6);
    expect(category).toBe(0);
  });

  it('applies scale_x_y and maps classes through the category map (-1 drops)', () => {
    const outputs = output(0, [logit(0.75), 0, 0, 0, logit(0.9), logit(0.9), logit(0.9)]);
    const list = new Candidates();
    new YoloDecoder({
      heads: [{ ...head, scaleXY: 2 }],
      inputWidth: 64,
      inputHeight: 32,
      categories: Int32Array.from([-1, 7]),
    }).decode(outputs, 0, 0.5, list);
    // x = (0 + 0.75 * 2 - 0.5) / 2 * 64 = 32; y = (0 + 0.5 * 2 - 0.5) / 2 * 32 = 8.
    expect(rows(list).map((row) => [row[0] + 10, row[1] + 5, row[5]])).toEqual([
      [expect.closeTo(32, 4), expect.closeTo(8, 4), 7],
    ]);
  });
});

describe('FastestDetDecoder', () => {
  it('scores obj^0.6 * max_class^0.4 and places boxes by tanh / sigmoid', () => {
    // [1, 5 + 2, 1, 2]: two cells; cell 1 holds an object.
    const data = new Float32Array(7 * 2);
    const set = (channel: number, cell: number, value: number) =>
      (data[channel * 2 + cell] = value);
    set(0, 1, 0.5);
    set(1, 1, Math.atanh(0.5));
    set(2, 1, 0);
    set(3, 1, logit(0.5));
    set(4, 1, logit(0.25));
    set(5, 1, 0.2);
    set(6, 1, 0.8);
    const list = new Candidates();
    new FastestDetDecoder({ output: 'o', inputWidth: 100, inputHeight: 50 }).decode(
      { o: { data, dims: [1, 7, 1, 2] } },
      0,
      0.01,
      list,
    );
    expect(list.count).toBe(1);
    // cx = (1 + 0.5) / 2 * 100 = 75, cy = 0.5 * 50 = 25... cy = (0 + tanh 0) / 1 * 50 = 0.
    const [x1, y1, x2, y2, score, category] = rows(list)[0];
    expect([x1, y1, x2, y2]).toEqual([50, -6.25, 100, 6.25].map((v) => expect.closeTo(v, 4)));
    expect(score).toBeCloseTo(Math.pow(0.5, 0.6) * Math.pow(0.8, 0.4), 6);
    expect(category).toBe(1);
  });
});

describe('SsdDecoder', () => {
  it('makes a candidate per anchor and non-background class, ymin/xmin order swapped to x1, y1', () => {
    const boxes = { data: Float32Array.from([0.1, 0.2, 0.5, 0.6]), dims: [1, 1, 4] };
    const scores = { data: Float32Array.from([0.99, 0.5, 0.0005, 0.3]), dims: [1, 1, 4] };
    const list = new Candidates();
    new SsdDecoder({ boxes: 'b', scores: 's', inputWidth: 300, inputHeight: 100 }).decode(
      { b: boxes, s: scores },
      0,
      0.001,
      list,
    );
    const near = (values: number[]) => values.map((value) => expect.closeTo(value, 4));
    expect(rows(list)).toEqual([near([60, 10, 180, 50, 0.5, 1]), near([60, 10, 180, 50, 0.3, 3])]);
  });
});

describe('TensorRT NMS plugin outputs', () => {
  it('NMS_TRT: rows until image id -1, relative corners', () => {
    const data = Float32Array.from([0, 18, 0.9, 0.1, 0.2, 0.3, 0.4, -1, 0, 0, 0, 0, 0, 0]);
    const list = new Candidates();
    new NmsTrtDecoder({ output: 'n', inputWidth: 100, inputHeight: 200 }).decode(
      { n: { data, dims: [1, 1, 2, 7] } },
      0,
      0.001,
      list,
    );
    expect(rows(list)).toEqual([[10, 40, 30, 80, 0.9, 18].map((v) => expect.closeTo(v, 4))]);
  });

  it('EfficientNMS_TRT: the first num_detections rows of the image', () => {
    const outputs = {
      num_detections: { data: Int32Array.from([1, 2]), dims: [2, 1] },
      detection_boxes: {
        data: Float32Array.from(Array.from({ length: 16 }, (_, i) => i)),
        dims: [2, 2, 4],
      },
      detection_scores: { data: Float32Array.from([0.9, 0.8, 0.7, 0.6]), dims: [2, 2] },
      detection_classes: { data: Int32Array.from([3, 4, 5, 6]), dims: [2, 2] },
    };
    const list = new Candidates();
    const decoder = efficientNmsDecoder({ normalized: false, inputWidth: 1, inputHeight: 1 });
    decoder.decode(outputs, 1, 0.001, list);
    expect(rows(list)).toEqual([
      [8, 9, 10, 11, expect.closeTo(0.7, 6), 5],
      [12, 13, 14, 15, expect.closeTo(0.6, 6), 6],
    ]);
    list.clear();
    decoder.decode(outputs, 0, 0.001, list);
    expect(list.count).toBe(1);
  });
});
