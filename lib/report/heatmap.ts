import { formatFixed } from '../metrics/numeric.js';
import { escapeXml } from './svg.js';

/**
 * The confusion matrix as an SVG heatmap, as Ultralytics plots it: rows
 * predicted, columns true, colour = the column-normalized value (white to
 * blue), the count in each cell's tooltip and, for up to 30 classes, printed.
 */
export function confusionHeatmap(options: {
  names: string[];
  counts: number[][];
  normalized: number[][];
  title: string;
}): string {
  const { names, counts, normalized } = options;
  const n = names.length;
  const cell = Math.max(4, Math.min(28, Math.floor(640 / n)));
  const label = n <= 100 ? 110 : 10;
  const size = label + n * cell;
  const cells: string[] = [];
  for (let row = 0; row < n; row++) {
    for (let column = 0; column < n; column++) {
      const value = normalized[row][column];
      const count = counts[row][column];
      const x = label + column * cell;
      const y = 20 + row * cell;
      const tip = `predicted ${names[row]}, true ${names[column]}: ${count} (${formatFixed(value, 3)} of the true class)`;
      cells.push(
        `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${blue(value)}" data-count="${count}"><title>${escapeXml(tip)}</title></rect>`,
      );
      if (n <= 30 && count > 0) {
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
    `<text x="${label}" y="14" class="title">${escapeXml(options.title)}</text>` +
    cells.join('') +
    labels.join('') +
    '</svg>'
  );
}

/** White to Ultralytics' "Blues" dark end, linear in the value (0..1). */
function blue(value: number): string {
  const clamped = Math.max(0, Math.min(1, value));
  const mix = (from: number, to: number) => Math.round(from + (to - from) * clamped);
  return `rgb(${mix(247, 8)},${mix(251, 48)},${mix(255, 107)})`;
}
