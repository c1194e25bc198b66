import { formatFixed } from '../metrics/numeric.js';
import { escapeXml } from './svg.js';

/** Classes drawn at most: beyond, the heatmap keeps the most confused ones (1,000 classes made 170 MB). */
export const HEATMAP_MAX_CLASSES = 50;

/**
 * The confusion matrix as an SVG heatmap, as Ultralytics plots it: rows
 * predicted, columns true, colour = the column-normalized value (white to
 * blue), the count in each cell's tooltip and, for up to 30 classes, printed.
 * Zero cells are not drawn (a white background shows them). With more than
 * `maxClasses` classes, only the `maxClasses` with the largest off-diagonal
 * counts (row plus column, background included) are drawn, in class order,
 * with the background; the title says so (the whole matrix is in the JSON).
 */
export function confusionHeatmap(
  options: {
    names: string[];
    counts: number[][];
    normalized: number[][];
    title: string;
  },
  maxClasses = HEATMAP_MAX_CLASSES,
): string {
  const shown = shownClasses(options.counts, maxClasses);
  const names = shown.map((index) => options.names[index]);
  const counts = shown.map((row) => shown.map((column) => options.counts[row][column]));
  const normalized = shown.map((row) => shown.map((column) => options.normalized[row][column]));
  const classes = options.names.length - 1;
  const title =
    shown.length - 1 < classes
      ? `${options.title}: the ${shown.length - 1} of ${classes} classes most confused (largest off-diagonal counts); the whole matrix is in --json`
      : options.title;
  const n = names.length;
  const cell = Math.max(4, Math.min(28, Math.floor(640 / n)));
  const label = n <= 100 ? 110 : 10;
  const size = label + n * cell;
  const cells: string[] = [
    `<rect x="${label}" y="20" width="${n * cell}" height="${n * cell}" fill="${blue(0)}"/>`,
  ];
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      const value = normalized[row][column];
      const count = counts[row][column];
      if (count === 0) continue;
      const x = label + column * cell;
      const y = 20 + row * cell;
      const tip = `predicted ${names[row]}, true ${names[column]}: ${count} (${formatFixed(value, 3)} of the true class)`;
      cells.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blue(value)}" data-count="${count}"><title>${escapeXml(tip)}</title></rect>`,
      );
      if (n <= 30) {
        cells.push(
          `<text x="${x + cell / 2}" y="${y + cell / 2 + 3}" text-anchor="middle" class="cell" fill="${value > 0.45 ? '#fff' : '#000'}">${count}</text>`,
        );
      }
    }
  }
  const labels: string[] = [];
  if (n <= 100) {
    names.forEach((name, index) => {
      const middle = index * cell + cell / 2;
      labels.push(
        `<text x="${label - 4}" y="${20 + middle + 3}" text-anchor="end">${escapeXml(name)}</text>`,
        `<text transform="translate(${label + middle + 3} ${24 + n * cell}) rotate(90)">${escapeXml(name)}</text>`,
      );
    });
  }
  const width = size + 10;
  const height = 20 + n * cell + (n <= 100 ? label : 10);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" class="confusion-matrix">` +
    `<text x="${label}" y="14" class="title">${escapeXml(title)}</text>` +
    cells.join('') +
    labels.join('') +
    '</svg>'
  );
}

/**
 * Indices of the classes to draw, in class order, the background (last)
 * always: every class up to `maxClasses`, else the `maxClasses` with the
 * largest row + column sums off the diagonal (ties: the lower index).
 */
function shownClasses(counts: number[][], maxClasses: number): number[] {
  const classes = counts.length - 1;
  const all = Array.from({ length: counts.length }, (_, index) => index);
  if (classes <= maxClasses) return all;
  const confused = all.slice(0, classes).map((c) => {
    let sum = 0;
    for (let other = 0; other <= classes; other++)
      if (other !== c) sum += counts[c][other] + counts[other][c];
    return sum;
  });
  const top = all
    .slice(0, classes)
    .sort((p, q) => confused[q] - confused[p] || p - q)
    .slice(0, maxClasses)
    .sort((p, q) => p - q);
  return [...top, classes];
}

/** White to Ultralytics' "Blues" dark end, linear in the value (0..1). */
function blue(value: number): string {
  const clamped = Math.max(0, Math.min(1, value));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * clamped);
  return `rgb(${mix(247, 8)},${mix(251, 48)},${mix(255, 107)})`;
}
