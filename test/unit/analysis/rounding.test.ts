import { describe, expect, it } from 'vitest';
import {
  formatCocoClassTable,
  formatOperatingPoints,
  formatVocClassTable,
  type CocoClassRow,
  type VocAnalysis,
} from '../../../lib/metrics/analysis/index.js';
import { pythonHas, runPython } from '../../helpers/python.js';

/** Exact binary ties at 3 and 4 decimals (x * 2^(N+1) odd), where '%.3f' and toFixed differ, and non-ties. */
const values = [0.5625, 0.0625, 0.3125, 0.1875, 0.03125, 0.40625, 0.123456, 0.9995, 0.25];

function pythonFormat(digits: number): string[] {
  return runPython(
    `import sys\nfor v in sys.argv[1:]: print('%0.${digits}f' % float(v))`,
    values.map(String),
  )
    .trim()
    .split('\n');
}

function cocoRow(value: number): CocoClassRow {
  const sizes = { small: value, medium: value, large: value };
  return {
    id: 1,
    name: 'dog',
    groundTruths: 1,
    groundTruthsBySize: { small: 1, medium: 0, large: 0 },
    detections: 1,
    ap: value,
    ap50: value,
    ap75: value,
    apBySize: sizes,
    ar100: value,
    arBySize: sizes,
  } as CocoClassRow;
}

describe.skipIf(!pythonHas())(
  "every analysis table rounds as Python's '%.3f' (pycocotools' summary)",
  () => {
    it('COCO per-class cells', () => {
      const expected = pythonFormat(3);
      values.forEach((value, i) => {
        const lastRow = formatCocoClassTable([cocoRow(value)]).split('\n')[1];
        expect(lastRow.trim().split(/\s+/).slice(-7)).toEqual(Array(7).fill(expected[i]));
      });
    });

    it('VOC AP cells (4 decimals) and the operating-point figures', () => {
      const expected4 = pythonFormat(4);
      const expected3 = pythonFormat(3);
      values.forEach((value, i) => {
        const analysis = {
          classes: [
            {
              name: 'dog',
              ap: value,
              groundTruths: 1,
              difficult: 0,
              detections: 1,
              truePositives: 1,
              falsePositives: 0,
            },
          ],
          operatingPoints: {
            iou: 0.5,
            conf: 0.25,
            atConf: {
              precision: value,
              recall: value,
              f1: value,
              truePositives: 1,
              falsePositives: 0,
              falseNegatives: 0,
            },
            best: { confidence: value, precision: value, recall: value, f1: value },
            classes: [],
            curves: { confidence: [], meanF1: [], classF1: [] },
          },
        } as unknown as VocAnalysis;
        expect(formatVocClassTable(analysis).split('\n')[1]).toMatch(
          new RegExp(`^dog\\s+${expected4[i]}\\s`),
        );
        expect(formatOperatingPoints(analysis.operatingPoints)).toContain(
          `precision ${expected3[i]}, recall ${expected3[i]}, F1 ${expected3[i]} `,
        );
      });
    });

    it("0.5625 reads 0.562 in the per-class table, as in pycocotools' summary line", () => {
      expect(formatCocoClassTable([cocoRow(0.5625)])).toMatch(/0\.562$/m);
    });
  },
);
