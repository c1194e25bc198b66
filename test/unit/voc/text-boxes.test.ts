import { describe, expect, it } from 'vitest';
import { parseVocDetectionText, parseVocGroundTruthText } from '../../../lib/metrics/voc/index.js';

describe('text ground truth and detections', () => {
  it('reads xywh ground truth as x2 = x + w, with an optional difficult token', () => {
    const boxes = parseVocGroundTruthText(
      'person 25 16 38 56\r\n\n  dog 1 2 3 4 difficult\ncat 0 0 1 1 0\n',
      'g.txt',
      'img',
      'xywh',
    );
    expect(boxes).toEqual([
      { imageId: 'img', className: 'person', x1: 25, y1: 16, x2: 63, y2: 72, difficult: false },
      { imageId: 'img', className: 'dog', x1: 1, y1: 2, x2: 4, y2: 6, difficult: true },
      { imageId: 'img', className: 'cat', x1: 0, y1: 0, x2: 1, y2: 1, difficult: false },
    ]);
  });

  it('reads xyxy detections, confidence second', () => {
    expect(parseVocDetectionText('person .88 5 67 31 48\n', 'd.txt', 'img', 'xyxy')).toEqual([
      { imageId: 'img', className: 'person', confidence: 0.88, x1: 5, y1: 67, x2: 31, y2: 48 },
    ]);
  });

  it.each([
    [
      'person 1 2 3',
      /g\.txt:2: expected "class x1 y1 x2 y2 \[difficult\]" but found "person 1 2 3"/,
    ],
    ['person 1 2 3 4 maybe', /g\.txt:2: /],
    ['person 1 2 3 0x4', /g\.txt:2: /],
    ['person 1 2 3 4 1 1', /g\.txt:2: /],
  ])('a malformed ground-truth line (%j) is ERR_PARSE with file and line', (line, message) => {
    expect(() => parseVocGroundTruthText(`cat 1 2 3 4\n${line}\n`, 'g.txt', 'img', 'xyxy')).toThrow(
      expect.objectContaining({
        code: 'ERR_PARSE',
        file: 'g.txt',
        message: expect.stringMatching(message),
      }),
    );
  });

  it.each([
    ['person 5 67 31 48', /d\.txt:1: expected "class confidence x y width height"/],
    ['person high 5 67 31 48', /d\.txt:1: /],
    ['person .5 5 67 31 48 9', /d\.txt:1: /],
  ])('a malformed detection line (%j) is ERR_PARSE with file and line', (line, message) => {
    expect(() => parseVocDetectionText(line, 'd.txt', 'img', 'xywh')).toThrow(
      expect.objectContaining({ code: 'ERR_PARSE', message: expect.stringMatching(message) }),
    );
  });
});
