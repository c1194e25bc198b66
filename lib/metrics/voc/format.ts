import { columnWidths, layoutRow, padEndDisplay, padStartDisplay } from '../display-width.js';
import { formatFixed } from '../numeric.js';
import type { VocResult } from './types.js';

/** The `voc` object of `trtmap score --json` (issue 2). */
export interface VocJson {
  mAP: number;
  mode: VocResult['mode'];
  iou: number;
  perClass: Record<
    string,
    { ap: number; groundTruth: number; detections: number; tp: number; fp: number }
  >;
}

/**
 * The JSON form of a result. `groundTruth` counts non-difficult boxes (the
 * devkit's npos); a class without any has ap -1. Classes keep the result's
 * order (a class named like an integer would be moved first by JavaScript's
 * key ordering; VOC and COCO names are not).
 */
export function vocResultToJson(result: VocResult): VocJson {
  const perClass: VocJson['perClass'] = {};
  for (const entry of result.classes) {
    perClass[entry.className] = {
      ap: entry.ap,
      groundTruth: entry.nGroundTruth,
      detections: entry.nDetections,
      tp: entry.tp,
      fp: entry.fp,
    };
  }
  return { mAP: result.mAP, mode: result.mode, iou: result.iouThreshold, perClass };
}

/**
 * A per-class AP table for the terminal (`ignored`: detections matched to a
 * difficult box, so detections = TP + FP + ignored):
 *
 *     VOC all-point AP, IoU >= 0.5, +1 pixel boxes
 *     class        AP      GT  difficult  detections    TP    FP  ignored
 *     aeroplane    0.8408  14          1          17    13     3        1
 *     ...
 *     mAP          0.6139  (20 classes with ground truth)
 */
export function formatVocTable(result: VocResult): string {
  const headers = ['class', 'AP', 'GT', 'difficult', 'detections', 'TP', 'FP', 'ignored'];
  const rows = result.classes.map((entry) => [
    entry.className,
    entry.nGroundTruth > 0 ? formatFixed(entry.ap, 4) : '-',
    String(entry.nGroundTruth),
    String(entry.nDifficult),
    String(entry.nDetections),
    String(entry.tp),
    String(entry.fp),
    String(entry.ignored),
  ]);
  const widths = columnWidths(headers, rows);
  const layout = (cells: string[]): string => layoutRow(cells, widths);
  const scored = result.classes.filter((entry) => entry.nGroundTruth > 0).length;
  const unscored = result.classes.length - scored;
  const mAP = scored > 0 ? formatFixed(result.mAP, 4) : '-';
  const pixels = result.pixelConvention === '+1' ? '+1 pixel boxes' : 'continuous boxes';
  const lines = [
    `VOC ${result.mode} AP, IoU ${result.iouComparison} ${result.iouThreshold}, ${pixels}`,
    layout(headers),
    ...rows.map(layout),
    `${padEndDisplay('mAP', widths[0])}  ${padStartDisplay(mAP, widths[1])}  (${scored} classes with ground truth` +
      (unscored > 0 ? `; ${unscored} without, shown as -, not in the mean)` : ')'),
  ];
  return lines.join('\n');
}
