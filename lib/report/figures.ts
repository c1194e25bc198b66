import { formatFixed } from '../metrics/numeric.js';
import type { ComparisonRun, Leg } from './result.js';

/** One row of the comparison table: a leg's figures and its differences from the others. */
export interface LegFigures {
  leg: Leg;
  cocoMap?: number;
  cocoMap50?: number;
  vocMap?: number;
  imagesPerSecond?: number;
  latencyMedian?: number;
  latencyP99?: number;
  /** images/s of this leg / images/s of the FP32 engine. */
  speedupVsFp32?: number;
  /** Headline mAP of this leg minus the reference's, in points (x100). */
  mapDifferencePoints?: number;
}

/** The headline mAP (0..1) of a leg that ran: COCO mAP@[.5:.95] or VOC mAP. */
export function headlineMap(run: ComparisonRun, leg: Leg): number | undefined {
  if (!leg.accuracy) return undefined;
  return run.headline === 'coco' ? leg.accuracy.cocoMap : leg.accuracy.vocMap;
}

export function headlineName(run: ComparisonRun): string {
  return run.headline === 'coco' ? 'COCO mAP@[.5:.95]' : 'VOC mAP@0.5';
}

export function legFigures(run: ComparisonRun): LegFigures[] {
  const reference = run.legs.find((leg) => leg.id === 'reference');
  const referenceMap = reference ? headlineMap(run, reference) : undefined;
  const fp32Rate = run.legs.find((leg) => leg.id === 'fp32')?.speed?.imagesPerSecond;
  const referenceRate = reference?.speed?.imagesPerSecond;
  return run.legs.map((leg) => {
    const map = headlineMap(run, leg);
    const rate = leg.speed?.imagesPerSecond;
    // ONNX Runtime legs (trtmap's FP16 / Q/DQ models) are measured against FP32 on ONNX Runtime.
    const base = leg.id.endsWith('-ort') ? referenceRate : fp32Rate;
    return {
      leg,
      cocoMap: leg.accuracy?.cocoMap,
      cocoMap50: leg.accuracy?.cocoMap50,
      vocMap: leg.accuracy?.vocMap,
      imagesPerSecond: rate,
      latencyMedian: leg.speed?.latency.median,
      latencyP99: leg.speed?.latency.p99,
      speedupVsFp32: rate !== undefined && base ? rate / base : undefined,
      mapDifferencePoints:
        map !== undefined && referenceMap !== undefined ? (map - referenceMap) * 100 : undefined,
    };
  });
}

/** Engine legs that lost more than `run.maxMapDrop` points of headline mAP against the reference. */
export function mapDropFailures(run: ComparisonRun): { leg: Leg; dropPoints: number }[] {
  const limit = run.maxMapDrop;
  if (limit === undefined) return [];
  return legFigures(run)
    .filter((row) => row.leg.id !== 'reference' && row.mapDifferencePoints !== undefined)
    .map((row) => ({ leg: row.leg, dropPoints: -row.mapDifferencePoints! }))
    .filter((entry) => entry.dropPoints > limit);
}

/** What `--max-map-drop` concluded: checked legs within the limit, legs over it, legs it could not check. */
export interface MapDropVerdict {
  status: 'passed' | 'failed' | 'not checked';
  failures: { leg: Leg; dropPoints: number }[];
  /** Legs asked for that did not run (skipped, failed): the gate says nothing about them. */
  unchecked: Leg[];
  /** One line for the text, Markdown and HTML reports. */
  text: string;
}

/**
 * The `--max-map-drop` gate over every leg asked for: "passed" only when every
 * leg ran and none lost more than the limit; a leg that was skipped (no
 * TensorRT) or failed makes the gate "not checked" (exit 1 in the CLI: a gate
 * that could not check an engine must not pass a CI run). Undefined without
 * the option.
 */
export function mapDropVerdict(run: ComparisonRun): MapDropVerdict | undefined {
  const limit = run.maxMapDrop;
  if (limit === undefined) return undefined;
  const failures = mapDropFailures(run);
  const unchecked = run.legs.filter((leg) => leg.id !== 'reference' && leg.status !== 'ok');
  const checked = run.legs.filter((leg) => leg.id !== 'reference' && leg.status === 'ok');
  const names = (legs: Leg[]) => legs.map((leg) => `${leg.label} (${leg.status})`).join(', ');
  const within = checked.filter((leg) => !failures.some((failure) => failure.leg === leg));
  const parts: string[] = [];
  if (failures.length > 0)
    parts.push(
      `FAILED: ${failures.map((f) => `${f.leg.label} lost ${f.dropPoints.toFixed(2)} points`).join('; ')}`,
    );
  if (unchecked.length > 0) parts.push(`not checked: ${names(unchecked)}`);
  if (within.length > 0 && parts.length > 0)
    parts.push(`within ${limit} points: ${within.map((leg) => leg.label).join(', ')}`);
  const status = failures.length > 0 ? 'failed' : unchecked.length > 0 ? 'not checked' : 'passed';
  const text =
    status === 'passed'
      ? `--max-map-drop ${limit}: passed (no leg lost more than ${limit} points).`
      : `--max-map-drop ${limit}: ${parts.join('; ')}.`;
  return { status, failures, unchecked, text };
}

/** Per class: the reference's headline AP and each ran engine leg's difference, in points. */
export interface ClassRow {
  name: string;
  groundTruths: number;
  referenceAp?: number;
  differences: Map<string, number | undefined>;
}

export function classRows(run: ComparisonRun): { legs: Leg[]; rows: ClassRow[] } {
  const ap = (leg: Leg | undefined, name: string) => {
    const entry = leg?.accuracy?.classes.find((item) => item.name === name);
    if (!entry) return undefined;
    const value = run.headline === 'coco' ? entry.ap : entry.vocAp;
    return value === null || value < 0 ? undefined : value;
  };
  const reference = run.legs.find((leg) => leg.id === 'reference');
  const engines = run.legs.filter((leg) => leg.id !== 'reference' && leg.accuracy);
  const any = reference?.accuracy ? reference : engines[0];
  const rows = (any?.accuracy?.classes ?? [])
    .filter((entry) => entry.groundTruths > 0)
    .map((entry) => {
      const referenceAp = ap(reference, entry.name);
      const differences = new Map(
        engines.map((leg) => {
          const value = ap(leg, entry.name);
          return [
            leg.id,
            value !== undefined && referenceAp !== undefined
              ? (value - referenceAp) * 100
              : undefined,
          ];
        }),
      );
      // Under the VOC headline, the devkit's count (difficult boxes excluded), as its AP uses.
      const groundTruths =
        run.headline === 'coco'
          ? entry.groundTruths
          : (entry.vocGroundTruths ?? entry.groundTruths);
      return { name: entry.name, groundTruths, referenceAp, differences };
    });
  return { legs: engines, rows };
}

/** Number formats shared by every rendering, so the text, Markdown and HTML agree. */
export const format = {
  /** A 0..1 metric as percent points: 0.13021 -> "13.02". */
  map: (value: number | undefined) => (value === undefined ? '-' : formatFixed(value * 100, 2)),
  points: (value: number | undefined) =>
    value === undefined ? '-' : `${value >= 0 ? '+' : ''}${formatFixed(value, 2)}`,
  rate: (value: number | undefined) => (value === undefined ? '-' : value.toFixed(1)),
  ms: (value: number | undefined) => (value === undefined ? '-' : value.toFixed(2)),
  speedup: (value: number | undefined) => (value === undefined ? '-' : `${value.toFixed(2)}x`),
  error: (value: number) => (Number.isFinite(value) ? value.toExponential(3) : String(value)),
};

export const tableHeaders = [
  'model',
  'precision',
  'COCO mAP@[.5:.95]',
  'mAP@0.5',
  'VOC mAP',
  'images/s',
  'latency p50 (ms)',
  'latency p99 (ms)',
  'speed-up vs FP32',
  'mAP diff vs reference',
];

/** The comparison table's cells, one row per leg (skipped legs keep their row, with dashes). */
export function tableRows(run: ComparisonRun): string[][] {
  const model = run.model.path.split(/[\\/]/).pop() ?? run.model.path;
  return legFigures(run).map((row) => [
    model,
    row.leg.label + (row.leg.status === 'ok' ? '' : ` (${row.leg.status})`),
    format.map(row.cocoMap),
    format.map(row.cocoMap50),
    format.map(row.vocMap),
    format.rate(row.imagesPerSecond),
    format.ms(row.latencyMedian),
    format.ms(row.latencyP99),
    format.speedup(row.speedupVsFp32),
    row.leg.id === 'reference' ? '(reference)' : format.points(row.mapDifferencePoints),
  ]);
}
