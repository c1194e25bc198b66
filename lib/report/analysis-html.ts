import { formatFixed } from '../metrics/numeric.js';
import type { CocoAnalysis, VocAnalysis } from '../metrics/analysis/analyze.js';
import {
  bestConfidenceNote,
  cocoClassCells,
  cocoClassCounts,
  cocoClassFigures,
  cocoClassHeaders,
  operatingPointCells,
  operatingPointValues,
  vocClassCells,
  vocClassHeaders,
} from '../metrics/analysis/format.js';
import type { OperatingPoints } from '../metrics/analysis/operating-points.js';
import type { PrCurves } from '../metrics/analysis/pr-curves.js';
import { tideErrorTypes } from '../metrics/analysis/tide-image.js';
import { confusionHeatmap } from './heatmap.js';
import { sortableStyle, sortableTable, type SortableRow } from './sortable.js';
import { barChart, curveChart, escapeXml, type Series } from './svg.js';

/** What `trtmap score --report` and `trtmap eval --report` render. */
export interface AnalysisReport {
  title: string;
  notes: string[];
  coco?: { lines: string[]; analysis: CocoAnalysis; curves: PrCurves };
  voc?: { mAP: number; analysis: VocAnalysis };
}

const style = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#111;max-width:1400px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}
td:first-child,th:first-child{text-align:left}ul.notes{color:#444;padding-left:18px}pre{background:#f6f6f6;padding:8px}
.charts{display:flex;flex-wrap:wrap;gap:10px}svg{background:#fff}svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#999}
svg text{font:10px system-ui,sans-serif;fill:#333}svg .title{font-size:12px;font-weight:600}svg text.cell{font-size:9px}
`;

/** One self-contained HTML file (inline CSS and SVG, no script, nothing fetched). */
export function renderAnalysisHtml(report: AnalysisReport): string {
  const parts = [`<h1>${escapeXml(report.title)}</h1>`, notes(report.notes)];
  if (report.coco) parts.push(...cocoParts(report.coco));
  if (report.voc) parts.push(...vocParts(report.voc, report.coco !== undefined));
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeXml(report.title)}</title><style>${style}${sortableStyle()}</style></head>
<body>
${parts.join('\n')}
</body></html>
`;
}

function cocoParts({ lines, analysis, curves }: NonNullable<AnalysisReport['coco']>): string[] {
  const { operatingPoints: points, confusion, tide } = analysis;
  const classRows: SortableRow[] = analysis.classes.map((row) => ({
    cells: cocoClassCells(row),
    keys: [
      row.name,
      typeof row.id === 'bigint' ? String(row.id) : row.id,
      ...cocoClassCounts(row),
      ...cocoClassFigures(row).map((value) => (value < 0 ? undefined : value)),
    ],
    attributes: { 'data-class': row.name },
  }));
  const parts = [
    '<h2>COCO (pycocotools)</h2>',
    `<pre>${escapeXml(lines.join('\n'))}</pre>`,
    '<h2>Per class and per size</h2>',
    notes([
      'AP@[.5:.95], AP50, AP75, per-size AP and AR@100 from the same accumulated arrays as the twelve numbers; GT excludes crowds; "-" where a class has no ground truth (of that size). Click the arrows to sort.',
    ]),
    sortableTable('classes', cocoClassHeaders, classRows),
    ...operatingPointParts(points, 'operating-points', prCharts(curves, analysis)),
    '<h2>Confusion matrix</h2>',
    notes([
      `Ultralytics' definition: detections with conf > ${confusion.conf}, matched to ground truth with IoU > ${confusion.iou} regardless of class; rows predicted, columns true, the last row and column background; colour = share of the true class (column-normalized).`,
    ]),
    confusionHeatmap({ ...confusion, title: 'Confusion matrix (normalized by true class)' }),
  ];
  if (tide) {
    const bars = (values: Record<string, number>, title: string, kind: string) =>
      barChart({
        title,
        bars: tideErrorTypes.map((type) => ({
          label: type,
          value: values[type],
          color: '#0072B2',
          text: formatFixed(values[type], 2),
          attributes: { 'data-error': type },
        })),
        attributes: { class: `tide ${kind}` },
      });
    parts.push(
      '<h2>Error breakdown (TIDE)</h2>',
      notes([
        `TIDE (Bolya et al., ECCV 2020): the AP points gained by fixing each error type alone. TIDE's AP: ${formatFixed(tide.at50.ap, 2)} at IoU 0.5, ${formatFixed(tide.mean.ap, 2)} over 0.5:0.95 (the mean of the runs at 0.5, 0.55, ..., 0.95).`,
      ]),
      `<div class="charts">${bars(tide.at50.dAP, 'dAP at IoU 0.5', 'at50')}${bars(tide.mean.dAP, 'dAP over 0.5:0.95', 'mean')}</div>`,
    );
  }
  return parts;
}

/** The operating-point section: summary lines, F1 curves (and `charts`), the per-class table. */
function operatingPointParts(
  points: OperatingPoints,
  id: string,
  charts = '',
  heading = 'Operating points',
): string[] {
  const f = (value: number) => formatFixed(value, 3);
  const pointRows: SortableRow[] = points.classes.map((row) => ({
    cells: operatingPointCells(row),
    keys: [row.name, row.groundTruths, ...operatingPointValues(row)],
  }));
  return [
    `<h2>${heading} (IoU ${points.iou})</h2>`,
    notes([
      `At conf > ${points.conf}: precision ${f(points.atConf.precision)}, recall ${f(points.atConf.recall)}, F1 ${f(points.atConf.f1)} (means over ${points.classes.length} classes; TP ${points.atConf.truePositives}, FP ${points.atConf.falsePositives}, FN ${points.atConf.falseNegatives}).`,
      `Best F1 ${f(points.best.f1)} at conf ${f(points.best.confidence)}, precision ${f(points.best.precision)}, recall ${f(points.best.recall)}: means over classes at the confidence that maximizes the box-smoothed mean over classes of the F1-confidence curves (Ultralytics' ap_per_class; the smoothed peak, the blue curve's, is ${f(points.best.smoothedF1)}).`,
      ...bestConfidenceNote(points),
    ]),
    `<div class="charts">${f1Chart(points.curves)}${charts}</div>`,
    sortableTable(
      id,
      ['class', 'GT', 'TP', 'FP', 'precision', 'recall', 'F1', 'best conf', 'best F1'],
      pointRows,
    ),
  ];
}

function f1Chart(curves: CocoAnalysis['operatingPoints']['curves']): string {
  const series: Series[] = curves.classF1.map((curve, index) => ({
    label: `class ${index}`,
    color: '#ccc',
    points: curve.map((value, i): [number, number] => [curves.confidence[i], value]),
  }));
  series.push({
    label: 'all classes (smoothed mean)',
    color: '#0072B2',
    points: curves.meanF1.map((value, i): [number, number] => [curves.confidence[i], value]),
    attributes: { class: 'mean' },
  });
  return curveChart({
    title: 'F1-confidence',
    series,
    width: 360,
    height: 260,
    xLabel: 'confidence',
    yLabel: 'F1',
    attributes: { class: 'f1-curve' },
  });
}

function prCharts(curves: PrCurves, analysis: CocoAnalysis): string {
  const toPoints = (curve: number[]) =>
    curve.map((value, i): [number, number] => [curves.recall[i], Math.max(0, value)]);
  const overall = curveChart({
    title: 'precision-recall, all classes (mean)',
    series: [{ label: 'mean', color: '#000', points: toPoints(curves.overall) }],
    width: 360,
    height: 260,
    xLabel: 'recall',
    yLabel: 'precision',
    attributes: { class: 'pr-curve overall' },
  });
  const perClass = analysis.classes
    .map((row, k) =>
      row.groundTruths === 0
        ? ''
        : curveChart({
            title: `${row.name} (${row.groundTruths} GT, AP50 ${formatFixed(row.ap50, 3)})`,
            series: [{ label: row.name, color: '#0072B2', points: toPoints(curves.classes[k]) }],
            xLabel: 'recall',
            yLabel: 'precision',
            attributes: { class: 'pr-curve class', 'data-class': row.name },
          }),
    )
    .join('');
  return overall + perClass;
}

function vocParts({ mAP, analysis }: NonNullable<AnalysisReport['voc']>, coco: boolean): string[] {
  const conf = analysis.operatingPoints.conf;
  const rows: SortableRow[] = analysis.classes.map((row) => ({
    cells: vocClassCells(row),
    keys: [
      row.name,
      row.groundTruths > 0 ? row.ap : undefined,
      row.groundTruths,
      row.difficult,
      row.detections,
      row.truePositives,
      row.falsePositives,
    ],
  }));
  return [
    '<h2>VOC (devkit)</h2>',
    notes([
      `mAP ${formatFixed(mAP, 4)}; GT excludes difficult boxes; TP and FP of the detections with conf > ${conf}.`,
      ...(coco
        ? []
        : [
            'The confusion matrix, the TIDE error breakdown, the COCO tables and the precision-recall curves come from the COCO evaluation: score with --metric coco or all.',
          ]),
    ]),
    sortableTable('voc-classes', vocClassHeaders(conf), rows),
    ...operatingPointParts(
      analysis.operatingPoints,
      'voc-operating-points',
      '',
      'VOC operating points (devkit matches)',
    ),
  ];
}

function notes(items: string[]): string {
  return `<ul class="notes">${items.map((item) => `<li>${escapeXml(item)}</li>`).join('')}</ul>`;
}
