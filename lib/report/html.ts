import { format, headlineMap, headlineName } from './figures.js';
import type { ComparisonRun, Leg, LegId } from './result.js';
import { reportSections, type Section } from './sections.js';
import { barChart, curveChart, escapeXml, histogramChart, type Series } from './svg.js';

/**
 * One colour per leg kind, the same in every chart (colour-blind-safe Okabe-Ito hues). Keyed by
 * `LegId` so that a new kind of leg cannot be added without a colour (an ONNX Runtime FP16/INT8
 * leg once drew as stroke="undefined": no curve, no swatch, black bars).
 */
export const legColors: Record<LegId, string> = {
  reference: '#000000',
  fp32: '#0072B2',
  fp16: '#E69F00',
  int8: '#009E73',
  'fp16-ort': '#D55E00',
  'int8-ort': '#CC79A7',
};

const style = `
body{font:14px/1.4 system-ui,-apple-system,"Segoe UI",sans-serif;margin:24px;color:#111;max-width:1200px}
h1{font-size:22px}h2{font-size:17px;margin-top:28px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0}td,th{padding:3px 8px;border-bottom:1px solid #eee;text-align:right;white-space:nowrap}th{white-space:normal;vertical-align:bottom;max-width:110px}
td:first-child,th:first-child{text-align:left}tr.skipped td{color:#888}
ul.notes{color:#444;padding-left:18px}.charts{display:flex;flex-wrap:wrap;gap:10px}
svg{background:#fff}svg .grid{stroke:#eee}svg .frame{fill:none;stroke:#999}
svg text{font:10px system-ui,sans-serif;fill:#333}svg .title{font-size:12px;font-weight:600}
.legend span{display:inline-block;margin-right:14px}.legend i{display:inline-block;width:14px;height:3px;margin:0 5px 3px 0}
`;

/** The whole report as one self-contained HTML file: inline CSS and SVG, no script, nothing fetched. */
export function renderHtml(run: ComparisonRun): string {
  const [summary, classes, tensors, ...more] = reportSections(run);
  const body = [
    `<h1>trtmap compare: ${escapeXml(summary.title)}</h1>`,
    `<p>Run of ${escapeXml(run.createdAt)}, trtmap ${escapeXml(run.trtmapVersion)}; model sha256 <code>${escapeXml(run.model.sha256)}</code>.</p>`,
    table(summary, run),
    notes(summary),
    '<h2>mAP and speed per precision</h2>',
    `<div class="charts">${mapBars(run)}${speedBars(run)}</div>`,
    '<h2>Precision-recall curves (IoU 0.5)</h2>',
    curvesNote(run),
    legend(run),
    `<div class="charts">${overallCurve(run)}${classCurves(run)}</div>`,
    '<h2>Latency histograms</h2>',
    `<div class="charts">${histograms(run)}</div>`,
    `<h2>${escapeXml(classes.title)}</h2>`,
    notes(classes),
    table(classes, run),
    `<h2>${escapeXml(tensors.title)}</h2>`,
    notes(tensors),
    tensors.rows.length > 0 ? table(tensors, run) : '',
    // Sections with nothing to say are left out; a section of notes alone gets no empty table.
    ...more
      .filter((section) => section.rows.length > 0 || section.notes.length > 0)
      .flatMap((section) => [
        `<h2>${escapeXml(section.title)}</h2>`,
        notes(section),
        section.rows.length > 0 ? table(section, run) : '',
      ]),
  ];
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>trtmap compare: ${escapeXml(summary.title)}</title><style>${style}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}

function table(section: Section, run: ComparisonRun): string {
  const head = `<tr>${section.headers.map((cell) => `<th>${escapeXml(cell)}</th>`).join('')}</tr>`;
  const rows = section.rows.map((cells, index) => {
    const legId = section.rowLegs?.[index];
    const leg = run.legs.find((item) => item.id === legId);
    const marks = legId
      ? ` data-leg="${legId}"${leg && leg.status !== 'ok' ? ' class="skipped"' : ''}`
      : '';
    return `<tr${marks}>${cells.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`;
  });
  return `<table id="${section.id}">${head}${rows.join('')}</table>`;
}

function notes(section: Section): string {
  return `<ul class="notes">${section.notes.map((note) => `<li>${escapeXml(note)}</li>`).join('')}</ul>`;
}

const ran = (run: ComparisonRun) => run.legs.filter((leg) => leg.status === 'ok');

function mapBars(run: ComparisonRun): string {
  const bars = run.legs.map((leg) => {
    const value = headlineMap(run, leg);
    return {
      label: leg.label,
      value,
      color: legColors[leg.id],
      text: value === undefined ? leg.status : format.map(value),
      attributes: { 'data-leg': leg.id },
    };
  });
  return barChart({ title: `${headlineName(run)} (%)`, bars, attributes: { class: 'map-bars' } });
}

function speedBars(run: ComparisonRun): string {
  const bars = run.legs.map((leg) => {
    const value = leg.speed?.imagesPerSecond;
    return {
      label: leg.label,
      value,
      color: legColors[leg.id],
      text: value === undefined ? leg.status : format.rate(value),
      attributes: { 'data-leg': leg.id },
    };
  });
  return barChart({
    title: 'images/s (trtexec throughput x batch)',
    bars,
    attributes: { class: 'speed-bars' },
  });
}

function legend(run: ComparisonRun): string {
  const items = ran(run).map(
    (leg) => `<span><i style="background:${legColors[leg.id]}"></i>${escapeXml(leg.label)}</span>`,
  );
  return `<p class="legend">${items.join('')}</p>`;
}

function curveSeries(run: ComparisonRun, curveOf: (leg: Leg) => number[] | undefined): Series[] {
  return ran(run).flatMap((leg) => {
    const curve = curveOf(leg);
    if (!curve) return [];
    const points = curve.map((precision, index): [number, number] => [
      run.recallThresholds[index],
      Math.max(0, precision),
    ]);
    return [
      { label: leg.label, color: legColors[leg.id], points, attributes: { 'data-leg': leg.id } },
    ];
  });
}

function overallCurve(run: ComparisonRun): string {
  return curveChart({
    title: 'all classes (mean)',
    series: curveSeries(run, (leg) => leg.accuracy?.overallCurve),
    width: 320,
    height: 240,
    xLabel: 'recall',
    yLabel: 'precision',
    attributes: { class: 'pr-curve overall', 'data-class': '(all)' },
  });
}

/** One chart per class with ground truth, each with one curve per leg that ran. */
function classCurves(run: ComparisonRun): string {
  const first = ran(run).find((leg) => leg.accuracy)?.accuracy;
  const classes = (first?.classes ?? []).filter((entry) => entry.groundTruths > 0);
  return classes
    .map((entry) =>
      curveChart({
        title: `${entry.name} (${entry.groundTruths} GT)`,
        series: curveSeries(
          run,
          (leg) => leg.accuracy?.classes.find((item) => item.id === entry.id)?.curve,
        ),
        xLabel: 'recall',
        yLabel: 'precision',
        attributes: { class: 'pr-curve class', 'data-class': entry.name },
      }),
    )
    .join('');
}

function histograms(run: ComparisonRun): string {
  return ran(run)
    .filter((leg) => leg.speed)
    .map((leg) => {
      const { histogram, latency, iterations } = leg.speed!;
      return histogramChart({
        title: `${leg.label}: ${iterations} runs`,
        edges: histogram.edges,
        counts: histogram.counts,
        color: legColors[leg.id],
        unit: `latency (ms): p50 ${format.ms(latency.median)}, p99 ${format.ms(latency.p99)}`,
        attributes: { class: 'latency-histogram', 'data-leg': leg.id },
      });
    })
    .join('');
}

/**
 * The curves are pycocotools' (COCO-style precision at IoU 0.5 on 101 recall
 * points, every ground-truth box counted); a VOC table's AP ignores difficult
 * boxes and uses the devkit's all-point interpolation, so a chart and its row
 * can disagree (a curve where the table has "-"). Said once, above them.
 */
function curvesNote(run: ComparisonRun): string {
  const text =
    run.headline === 'voc'
      ? 'The curves are COCO-style (pycocotools\' precision at IoU 0.5 over 101 recall points) and count every ground-truth box, difficult ones included ("GT" in the titles); the per-class table\'s VOC AP ignores difficult boxes and interpolates as the VOC devkit does, so a class can have a curve here and "-" (only difficult boxes) or a different AP there.'
      : "The curves are pycocotools' precision at IoU 0.5 over 101 recall points (area all, 100 detections), the data behind mAP@0.5.";
  return `<ul class="notes"><li>${escapeXml(text)}</li></ul>`;
}
