import { describe, expect, it } from 'vitest';
import { evaluateVoc, formatVocTable, vocResultToJson } from '../../../lib/metrics/voc/index.js';
import { det, gt } from './make.js';

const result = evaluateVoc(
  [
    gt('a', 'cat', [0, 0, 9, 9]),
    gt('a', 'cat', [20, 20, 29, 29], true),
    gt('b', 'dog', [0, 0, 9, 9]),
  ],
  [
    det('a', 'cat', 0.9, [0, 0, 9, 9]),
    det('b', 'dog', 0.8, [50, 50, 59, 59]),
    det('a', 'horse', 0.7, [0, 0, 9, 9]),
  ],
  { mode: '11-point' },
);

describe('formatting a VOC result', () => {
  it('vocResultToJson has the shape of `trtmap score --json`', () => {
    // The devkit's 11-point AP of a perfect class is 11 additions of 1/11 = 1 + 2^-52.
    expect(vocResultToJson(result)).toEqual({
      mAP: expect.closeTo(0.5, 15),
      mode: '11-point',
      iou: 0.5,
      perClass: {
        cat: { ap: expect.closeTo(1, 15), groundTruth: 1, detections: 1, tp: 1, fp: 0 },
        dog: { ap: 0, groundTruth: 1, detections: 1, tp: 0, fp: 1 },
        horse: { ap: -1, groundTruth: 0, detections: 1, tp: 0, fp: 1 },
      },
    });
  });

  it('formatVocTable prints one row per class and the mAP', () => {
    expect(formatVocTable(result)).toBe(
      [
        'VOC 11-point AP, IoU >= 0.5, +1 pixel boxes',
        'class      AP  GT  difficult  detections  TP  FP  ignored',
        'cat    1.0000   1          1           1   1   0        0',
        'dog    0.0000   1          0           1   0   1        0',
        'horse       -   0          0           1   0   1        0',
        'mAP    0.5000  (2 classes with ground truth; 1 without, shown as -, not in the mean)',
      ].join('\n'),
    );
  });
});
