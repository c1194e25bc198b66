import {
  classRows,
  format,
  headlineName,
  mapDropVerdict,
  tableHeaders,
  tableRows,
} from './figures.js';
import { errorSection, sizeSection } from './analysis-sections.js';
import type { ComparisonRun } from './result.js';
import { formatLayerPrecisions } from '../trt/layer-precisions.js';
import { boardSection } from './board-section.js';

/** A titled table with notes: what the text, Markdown and HTML renderings all show. */
export interface Section {
  id: string;
  title: string;
  notes: string[];
  headers: string[];
  rows: string[][];
  /** The leg of each row, where rows are legs (HTML marks them for the tests and styles). */
  rowLegs?: string[];
}

export function describeRun(run: ComparisonRun): string {
  const model = run.model.path.split(/[\\/]/).pop();
  return `${model} on ${run.dataset.path} (${run.dataset.kind.toUpperCase()}, ${run.dataset.images} images), preset ${run.preset}`;
}

export function reportSections(run: ComparisonRun): Section[] {
  const analysis = run.legs.some((leg) => leg.accuracy?.analysis)
    ? [sizeSection(run), errorSection(run)]
    : [];
  return [
    summarySection(run),
    classSection(run),
    tensorSection(run),
    ...analysis,
    boardSection(run),
  ];
}

function summarySection(run: ComparisonRun): Section {
  const notes = [
    `mAP in percent; "mAP diff" is ${headlineName(run)} of the leg minus the reference's (ONNX Runtime), in points.`,
    'images/s and latency: trtexec definitions (warm-up excluded; TensorRT latency = H2D + GPU compute + D2H; ONNX Runtime: host wall time per run).',
  ];
  for (const leg of run.legs.filter((item) => item.status !== 'ok'))
    notes.push(`${leg.label} ${leg.status}: ${leg.reason ?? 'no reason recorded'}`);
  for (const leg of run.legs.filter((item) => item.engine)) {
    const engine = leg.engine!;
    notes.push(
      `${leg.label} engine: ${engine.path} (${engine.cached ? 'from the cache' : `built in ${engine.buildSeconds?.toFixed(1) ?? '?'} s`})`,
    );
    if (engine.source) notes.push(`${leg.label} built from: ${engine.source}`);
    if (engine.layerPrecisions)
      notes.push(`${leg.label} precision: ${formatLayerPrecisions(engine.layerPrecisions)}`);
    for (const warning of engine.warnings ?? []) notes.push(`${leg.label} warning: ${warning}`);
  }
  const verdict = mapDropVerdict(run);
  if (verdict) notes.push(verdict.text);
  return {
    id: 'summary',
    title: describeRun(run),
    notes,
    headers: tableHeaders,
    rows: tableRows(run),
    rowLegs: run.legs.map((leg) => leg.id),
  };
}

function classSection(run: ComparisonRun): Section {
  const { legs, rows } = classRows(run);
  const metric = run.headline === 'coco' ? 'COCO AP@[.5:.95]' : 'VOC AP@0.5';
  return {
    id: 'classes',
    title: `Per-class ${metric}`,
    notes:
      legs.length === 0
        ? ['No engine leg ran, so there are no differences: the reference AP only.']
        : [
            `Reference AP in percent, then each engine's difference in points.${run.headline === 'coco' ? '' : " GT: the devkit's, difficult boxes excluded."}`,
          ],
    headers: ['class', 'GT', 'reference', ...legs.map((leg) => `${leg.label} diff`)],
    rows: rows.map((row) => [
      row.name,
      String(row.groundTruths),
      format.map(row.referenceAp),
      ...legs.map((leg) => format.points(row.differences.get(leg.id))),
    ]),
  };
}

function tensorSection(run: ComparisonRun): Section {
  const { atol, rtol, images } = run.tolerances;
  const legs = run.legs.filter((leg) => leg.tensorDiffs && leg.tensorDiffs.length > 0);
  const rows = legs.flatMap((leg) =>
    leg.tensorDiffs!.map((diff) => [
      leg.label,
      diff.output,
      format.error(diff.maxAbsolute),
      format.error(diff.meanAbsolute),
      format.error(diff.maxRelative),
      format.error(diff.meanRelative),
      String(diff.mismatches),
      diff.passed ? 'PASSED' : 'FAILED',
    ]),
  );
  return {
    id: 'tensors',
    title: 'Output differences against the reference',
    notes: [
      `Polygraphy's elementwise check on the raw outputs of ${images} dataset image(s): an element fails when |engine - reference| > atol (${atol}) and also > rtol (${rtol}) x |reference|.`,
      ...(legs.length === 0 ? ['No engine leg ran, so no outputs were compared.'] : []),
      ...reducedPrecisionNote(legs),
    ],
    headers: [
      'leg',
      'output',
      'max abs',
      'mean abs',
      'max rel',
      'mean rel',
      'mismatches',
      'result',
    ],
    rows,
  };
}

/**
 * The default atol/rtol (1e-5, Polygraphy's) judge FP32 engines; float16
 * keeps about 3 significant digits and INT8 about 2, so FP16/INT8 legs fail
 * them by design. Said next to the table so that FAILED is read right.
 */
function reducedPrecisionNote(legs: ComparisonRun['legs']): string[] {
  const reduced = legs.filter(
    (leg) => leg.id !== 'reference' && leg.id !== 'fp32' && leg.tensorDiffs!.some((d) => !d.passed),
  );
  if (reduced.length === 0) return [];
  return [
    `${reduced.map((leg) => leg.label).join(', ')}: FP16 and INT8 outputs differ from FP32 far beyond these tolerances by design (float16 keeps about 3 significant digits, INT8 about 2), so FAILED here means "not FP32-exact", not "wrong": judge them by the mAP difference, or rerun with a looser --atol/--rtol for them.`,
  ];
}
