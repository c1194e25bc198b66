import { formatFixed } from '../metrics/numeric.js';
import { tideErrorTypes } from '../metrics/analysis/tide-image.js';
import { format } from './figures.js';
import type { ComparisonRun, Leg } from './result.js';
import type { Section } from './sections.js';

const sizes = ['small', 'medium', 'large'] as const;

/** Legs that ran and carry an analysis (files written before it have none). */
function analysed(run: ComparisonRun): Leg[] {
  return run.legs.filter((leg) => leg.status === 'ok' && leg.accuracy?.analysis);
}

/**
 * Per size, the COCO AP of each leg and its difference from the reference,
 * overall and for the classes whose AP of that size moved most.
 */
export function sizeSection(run: ComparisonRun): Section {
  const legs = analysed(run);
  const reference = legs.find((leg) => leg.id === 'reference');
  const rows = legs.map((leg) => {
    const sizesOf = leg.accuracy!.analysis!.apBySize;
    const base = reference?.accuracy!.analysis!.apBySize;
    return [
      leg.label,
      ...sizes.flatMap((size) => [
        format.map(defined(sizesOf[size])),
        leg === reference || !base ? '' : points(sizesOf[size], base[size]),
      ]),
    ];
  });
  return {
    id: 'sizes',
    title: 'COCO AP per object size',
    notes: [
      'AP@[.5:.95] of small (< 32^2 px), medium and large objects in percent; "diff": the leg minus the reference, in points.',
      ...largestClassChanges(legs, reference),
    ],
    headers: ['leg', ...sizes.flatMap((size) => [`AP ${size}`, `${size} diff`])],
    rows,
    rowLegs: legs.map((leg) => leg.id),
  };
}

/**
 * TIDE's error breakdown per leg: the dAP of each error type at IoU 0.5, its
 * share of all the dAP, and against the reference the change of each, so
 * "lost 1.2 points, mostly localization" reads off one row.
 */
export function errorSection(run: ComparisonRun): Section {
  const legs = analysed(run);
  const reference = legs.find((leg) => leg.id === 'reference');
  const total = (dAP: Record<string, number>) =>
    tideErrorTypes.reduce((sum, type) => sum + dAP[type], 0);
  const rows = legs.map((leg) => {
    const { dAP } = leg.accuracy!.analysis!.tide;
    const base = reference?.accuracy!.analysis!.tide.dAP;
    return [
      leg.label,
      formatFixed(leg.accuracy!.analysis!.tide.ap, 2),
      ...tideErrorTypes.map((type) => {
        const share = total(dAP) > 0 ? ` (${Math.round((dAP[type] / total(dAP)) * 100)}%)` : '';
        const change = base && leg !== reference ? ` ${format.points(dAP[type] - base[type])}` : '';
        return `${formatFixed(dAP[type], 2)}${share}${change}`;
      }),
    ];
  });
  return {
    id: 'errors',
    title: 'Error breakdown (TIDE, IoU 0.5)',
    notes: [
      "dAP: TIDE's AP points gained by fixing each error type alone (Bolya et al., ECCV 2020); in brackets its share of the sum; for engines, the change from the reference.",
      ...verdicts(legs, reference),
    ],
    headers: ['leg', 'TIDE AP', ...tideErrorTypes],
    rows,
    rowLegs: legs.map((leg) => leg.id),
  };
}

/** One sentence per engine: the headline change, the error type and the size that moved most. */
function verdicts(legs: Leg[], reference: Leg | undefined): string[] {
  if (!reference) return [];
  const base = reference.accuracy!;
  return legs
    .filter((leg) => leg !== reference)
    .map((leg) => {
      const accuracy = leg.accuracy!;
      const mapChange = (accuracy.cocoMap - base.cocoMap) * 100;
      const errors = tideErrorTypes
        .map((type) => ({
          type,
          change: accuracy.analysis!.tide.dAP[type] - base.analysis!.tide.dAP[type],
        }))
        .sort((p, q) => q.change - p.change);
      const size = sizes
        .map((name) => ({
          name,
          change: accuracy.analysis!.apBySize[name] - base.analysis!.apBySize[name],
        }))
        .sort((p, q) => p.change - q.change)[0];
      return (
        `${leg.label}: ${format.points(mapChange)} points of COCO mAP; the error that grew most: ${errors[0].type} ` +
        `(${format.points(errors[0].change)} dAP); the size that lost most: ${size.name} (${format.points(size.change * 100)} points).`
      );
    });
}

function largestClassChanges(legs: Leg[], reference: Leg | undefined): string[] {
  if (!reference) return [];
  const base = reference.accuracy!.analysis!.classApBySize;
  return legs
    .filter((leg) => leg !== reference)
    .map((leg) => {
      const changes = Object.entries(leg.accuracy!.analysis!.classApBySize).flatMap(
        ([name, values]) =>
          sizes
            .filter((size) => values[size] >= 0 && (base[name]?.[size] ?? -1) >= 0)
            .map((size) => ({
              label: `${name} (${size})`,
              change: (values[size] - base[name][size]) * 100,
            })),
      );
      changes.sort((p, q) => p.change - q.change);
      const worst = changes
        .slice(0, 3)
        .map((entry) => `${entry.label} ${format.points(entry.change)}`);
      return `${leg.label}, largest per-class drops by size: ${worst.length > 0 ? worst.join(', ') : 'none'}.`;
    });
}

const defined = (value: number) => (value < 0 ? undefined : value);

function points(value: number, base: number): string {
  return value < 0 || base < 0 ? '-' : format.points((value - base) * 100);
}
