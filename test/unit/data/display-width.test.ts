import { describe, expect, it } from 'vitest';
import { formatTextTable } from '../../../lib/metrics/display-width.js';
import { formatVocTable } from '../../../lib/metrics/index.js';
import type { VocResult } from '../../../lib/metrics/voc/types.js';

/** Column (in terminal cells) where `needle` starts in `line`: CJK characters take two. */
function column(line: string, needle: string): number {
  const before = line.slice(0, line.indexOf(needle));
  return [...before].reduce(
    (sum, char) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1),
    0,
  );
}

describe('per-class tables align CJK class names by display width', () => {
  it('formatTextTable', () => {
    const lines = formatTextTable(
      ['class', 'AP'],
      [
        ['人', '0.500'],
        ['自転車', '0.250'],
        ['person', '0.125'],
      ],
    ).split('\n');
    const ends = lines.map((line) => column(line, line.trimEnd().slice(-2)) + 2);
    expect(new Set(ends).size).toBe(1);
    expect(lines[2]).toBe('自転車  0.250');
  });

  it('formatVocTable (score --per-class)', () => {
    const entry = (className: string, ap: number) => ({
      className,
      ap,
      nGroundTruth: 3,
      nDifficult: 0,
      nDetections: 4,
      tp: 2,
      fp: 2,
      ignored: 0,
    });
    const result = {
      mode: 'all-point',
      iouThreshold: 0.5,
      iouComparison: '>=',
      pixelConvention: '+1',
      mAP: 0.5,
      classes: [entry('犬', 0.5), entry('dog', 0.5)],
    } as unknown as VocResult;
    const lines = formatVocTable(result)
      .split('\n')
      .filter((line) => line.includes('0.5000'));
    expect(lines).toHaveLength(3); // two classes and the mAP line
    const apColumns = lines.map((line) => column(line, '0.5'));
    expect(new Set(apColumns).size).toBe(1);
  });
});
