import { formatTextTable } from '../display-width.js';
import { formatFixed } from '../numeric.js';
import type { VocAnalysis, VocClassRow } from './analyze.js';
import type { CocoClassRow } from './class-table.js';
import type { ConfusionMatrix } from './confusion-matrix.js';
import type { ClassOperatingPoint, OperatingPoints } from './operating-points.js';
import type { TideBreakdown } from './tide.js';
import { tideErrorTypes } from './tide-image.js';

/** A 0..1 figure with 3 decimals; -1 (undefined) as '-'. */
const cell = (value: number) => (value < 0 ? '-' : formatFixed(value, 3));

/** Plain-text table: first column left-aligned, the others right-aligned (by display width). */
function table(headers: string[], rows: string[][]): string {
  return formatTextTable(headers, rows);
}

export const cocoClassHeaders = [
  'class',
  'id',
  'GT',
  'GT small',
  'GT medium',
  'GT large',
  'detections',
  'AP',
  'AP50',
  'AP75',
  'AP small',
  'AP medium',
  'AP large',
  'AR100',
];

/** A class's counts in `cocoClassHeaders` order: GT, GT small, medium, large, detections. */
export function cocoClassCounts(row: CocoClassRow): number[] {
  const { small, medium, large } = row.groundTruthsBySize;
  return [row.groundTruths, small, medium, large, row.detections];
}

/** A class's figures in `cocoClassHeaders` order: AP, AP50, AP75, AP small, medium, large, AR100 (-1: undefined). */
export function cocoClassFigures(row: CocoClassRow): number[] {
  const { small, medium, large } = row.apBySize;
  return [row.ap, row.ap50, row.ap75, small, medium, large, row.ar100];
}

/** One class's cells under `cocoClassHeaders`: figures with 3 decimals, '-' where undefined. */
export function cocoClassCells(row: CocoClassRow): string[] {
  return [
    row.name,
    String(row.id),
    ...cocoClassCounts(row).map(String),
    ...cocoClassFigures(row).map(cell),
  ];
}

/** The per-class and per-size COCO table (GT excludes crowds; '-' where there is no ground truth). */
export function formatCocoClassTable(rows: readonly CocoClassRow[]): string {
  return table(cocoClassHeaders, rows.map(cocoClassCells));
}

/** Headers of the VOC per-class table; TP and FP are counted at confidence > `conf`. */
export function vocClassHeaders(conf: number): string[] {
  return ['class', 'AP', 'GT', 'difficult', 'detections', `TP@${conf}`, `FP@${conf}`];
}

/** One VOC class's cells under `vocClassHeaders` (AP with 4 decimals, '-' without ground truth). */
export function vocClassCells(row: VocClassRow): string[] {
  return [
    row.name,
    row.groundTruths > 0 ? formatFixed(row.ap, 4) : '-',
    String(row.groundTruths),
    String(row.difficult),
    String(row.detections),
    String(row.truePositives),
    String(row.falsePositives),
  ];
}

/** VOC per class: AP, ground truth without difficult boxes, TP and FP at the operating point. */
export function formatVocClassTable(analysis: VocAnalysis): string {
  return table(vocClassHeaders(analysis.operatingPoints.conf), analysis.classes.map(vocClassCells));
}

/**
 * One class's operating-point cells: GT, TP and FP at the user's confidence, then
 * precision, recall, F1 there, its own best-F1 confidence and that F1 (3 decimals).
 */
export function operatingPointCells(row: ClassOperatingPoint): string[] {
  const [truePositives, falsePositives, ...figures] = operatingPointValues(row);
  return [
    row.name,
    String(row.groundTruths),
    String(truePositives),
    String(falsePositives),
    ...figures.map((value) => formatFixed(value, 3)),
  ];
}

/** TP, FP, precision, recall, F1 at the user's confidence, then the own best-F1 confidence and F1. */
export function operatingPointValues(row: ClassOperatingPoint): number[] {
  const { atConf, ownBest } = row;
  return [
    atConf.truePositives,
    atConf.falsePositives,
    atConf.precision,
    atConf.recall,
    atConf.f1,
    ownBest.confidence,
    ownBest.f1,
  ];
}

/** Precision, recall and F1 at the user's confidence and at the best-F1 confidence, overall and per class. */
export function formatOperatingPoints(points: OperatingPoints): string {
  const { atConf, best } = points;
  const f = (value: number) => formatFixed(value, 3);
  return [
    `Operating point at conf > ${points.conf} (IoU ${points.iou}; means over ${points.classes.length} classes with ground truth): ` +
      `precision ${f(atConf.precision)}, recall ${f(atConf.recall)}, F1 ${f(atConf.f1)} ` +
      `(TP ${atConf.truePositives}, FP ${atConf.falsePositives}, FN ${atConf.falseNegatives})`,
    `Best F1 ${f(best.f1)} at conf ${f(best.confidence)} (precision ${f(best.precision)}, recall ${f(best.recall)}; ` +
      `means over classes at the confidence that maximizes the smoothed mean F1 curve, Ultralytics' ap_per_class; the smoothed peak is ${f(best.smoothedF1)})`,
    ...bestConfidenceNote(points),
    table(
      ['class', 'GT', 'TP', 'FP', 'P', 'R', 'F1', 'best conf', 'best F1'],
      points.classes.map(operatingPointCells),
    ),
  ].join('\n');
}

/**
 * Pre-thresholded results: no score below the lowest one, so every curve is
 * flat there and a best confidence under it stands for the whole range.
 */
export function bestConfidenceNote(points: OperatingPoints): string[] {
  const lowest = points.lowestScore;
  if (lowest === undefined || points.best.confidence >= lowest) return [];
  const x = formatFixed(lowest, 3);
  return [
    `Note: the results hold no score below ${x}: every confidence up to ${x} keeps the same detections, ` +
      `so the best confidence (${formatFixed(points.best.confidence, 3)}, and any class's below ${x}) means "at or below ${x}".`,
  ];
}

/** The confusion matrix's most frequent off-diagonal cells (the whole matrix is in JSON, CSV and the report). */
export function formatConfusion(matrix: ConfusionMatrix, top = 10): string {
  const K = matrix.names.length - 1;
  const cells: Array<[number, number, number]> = [];
  matrix.counts.forEach((row, predicted) =>
    row.forEach((count, truth) => {
      if (predicted !== truth && count > 0) cells.push([count, predicted, truth]);
    }),
  );
  cells.sort((p, q) => q[0] - p[0] || p[1] - q[1] || p[2] - q[2]);
  const correct = matrix.counts.reduce((sum, row, c) => sum + (c < K ? row[c] : 0), 0);
  const missed = matrix.counts[K].reduce((sum, count) => sum + count, 0);
  const background = matrix.counts.reduce((sum, row) => sum + row[K], 0);
  return [
    `Confusion matrix (Ultralytics: conf > ${matrix.conf}, IoU > ${matrix.iou}): ${correct} correct, ` +
      `${missed} ground truths missed (background row), ${background} detections on background (background column)`,
    table(
      ['predicted', 'true', 'count', 'share of true'],
      cells
        .slice(0, top)
        .map(([count, predicted, truth]) => [
          matrix.names[predicted],
          matrix.names[truth],
          String(count),
          formatFixed(matrix.normalized[predicted][truth], 3),
        ]),
    ),
  ].join('\n');
}

/** TIDE's main errors: dAP at IoU 0.5 and averaged over 0.5:0.95, with the error counts at 0.5. */
export function formatTide(tide: TideBreakdown): string {
  return [
    `TIDE error breakdown (dAP: AP points gained by fixing each error type; TIDE's AP ${formatFixed(tide.at50.ap, 2)} at IoU 0.5, ${formatFixed(tide.mean.ap, 2)} over 0.5:0.95)`,
    table(
      ['error', 'dAP@0.5', 'dAP@[.5:.95]', 'count@0.5', 'small', 'medium', 'large'],
      tideErrorTypes.map((type) => [
        type,
        formatFixed(tide.at50.dAP[type], 2),
        formatFixed(tide.mean.dAP[type], 2),
        String(tide.at50.counts[type]),
        String(tide.at50.countsBySize.small[type]),
        String(tide.at50.countsBySize.medium[type]),
        String(tide.at50.countsBySize.large[type]),
      ]),
    ),
  ].join('\n');
}

/**
 * The per-class table as CSV (RFC 4180 quoting), COCO columns and, when
 * given, each class's operating point: precision, recall, F1 at conf and its
 * own best-F1 confidence. Numbers at full precision; -1 where undefined.
 */
export function analysisCsv(rows: readonly CocoClassRow[], points?: OperatingPoints): string {
  const byId = new Map(points?.classes.map((row) => [row.id, row]));
  const headers = cocoClassHeaders.map((header) => header.toLowerCase().replace(/ /g, '_'));
  if (points)
    headers.push('tp_at_conf', 'fp_at_conf', 'precision', 'recall', 'f1', 'best_conf', 'best_f1');
  const lines = [headers.join(',')];
  for (const row of rows) {
    const values: Array<string | number> = [
      quote(row.name),
      typeof row.id === 'string' ? quote(row.id) : String(row.id),
      ...cocoClassCounts(row),
      ...cocoClassFigures(row),
    ];
    const point = byId.get(row.id);
    if (points) {
      values.push(...(point ? operatingPointValues(point) : ['', '', '', '', '', '', '']));
    }
    lines.push(values.join(','));
  }
  return lines.join('\n') + '\n';
}

function quote(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
