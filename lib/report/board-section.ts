import { formatBoardState, unlockedClocksWarning } from '../board/format.js';
import { format } from './figures.js';
import type { ComparisonRun } from './result.js';
import type { Section } from './sections.js';

/**
 * The machine the comparison ran on and, with --power, each leg's input-rail
 * power over its measured runs: average and peak watts, energy per image
 * (mJ) and images/s per watt. A run saved before this section existed (no
 * `board`) gets an empty section, which the renderings leave out.
 */
export function boardSection(run: ComparisonRun): Section {
  const notes = run.board ? formatBoardState(run.board) : [];
  const warning = run.board ? unlockedClocksWarning(run.board) : undefined;
  if (warning) notes.push(`WARNING: ${warning}`);
  const legs = run.legs.filter((leg) => leg.speed?.power);
  for (const reason of new Set(run.legs.map((leg) => leg.speed?.powerUnavailable)))
    if (reason) notes.push(`--power: ${reason}`);
  if (legs.length > 0)
    notes.push(
      'Power of the input rail during the measured runs (warm-up excluded); energy per image = average W x measured seconds / images.',
    );
  return {
    id: 'board',
    // Without --power the section is the machine's description alone (no empty power table).
    title: legs.length > 0 ? 'Machine and power' : 'Machine',
    notes,
    headers: ['leg', 'images/s', 'average W', 'peak W', 'mJ/image', 'images/s/W', 'rail'],
    rows: legs.map((leg) => {
      const power = leg.speed!.power!;
      return [
        leg.label,
        format.rate(leg.speed!.imagesPerSecond),
        power.averageWatts.toFixed(2),
        power.peakWatts.toFixed(2),
        power.energyPerImageMj.toFixed(1),
        power.imagesPerSecondPerWatt.toFixed(2),
        `${power.rail} (${power.source})`,
      ];
    }),
    rowLegs: legs.map((leg) => leg.id),
  };
}
