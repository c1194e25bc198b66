import { describe, expect, it } from 'vitest';
import { confusionHeatmap } from '../../../lib/report/heatmap.js';

/** K classes + background; `cells` lists [predicted, true, count]. */
function matrix(K: number, cells: Array<[number, number, number]>) {
  const counts = Array.from({ length: K + 1 }, () => new Array<number>(K + 1).fill(0));
  for (const [row, column, count] of cells) counts[row][column] = count;
  const columnSums = counts[0].map((_, c) => counts.reduce((sum, row) => sum + row[c], 0));
  const normalized = counts.map((row) =>
    row.map((v, c) => (columnSums[c] ? v / columnSums[c] : 0)),
  );
  const names = [...Array.from({ length: K }, (_, k) => `class${k}`), 'background'];
  return { names, counts, normalized, title: 'Confusion matrix' };
}

const cellsOf = (svg: string) => svg.match(/data-count="\d+"/g) ?? [];

describe('confusionHeatmap', () => {
  it('draws only the non-zero cells over one background rectangle', () => {
    const svg = confusionHeatmap(
      matrix(3, [
        [0, 0, 5],
        [1, 0, 2],
        [3, 2, 1],
      ]),
    );
    expect(cellsOf(svg)).toEqual(['data-count="5"', 'data-count="2"', 'data-count="1"']);
    expect(svg).toContain('>Confusion matrix</text>');
  });

  it('with 1000 classes draws the 50 most confused, says so, and stays small', () => {
    const K = 1000;
    const cells: Array<[number, number, number]> = [];
    for (let k = 0; k < K; k++) cells.push([k, k, 10]); // diagonal: not confusion
    // Classes 100..149 confused with each other (count 3), class 7 missed 2 boxes (background row).
    for (let k = 100; k < 150; k++) cells.push([k, k + 1 === 150 ? 100 : k + 1, 3]);
    cells.push([K, 7, 2]);
    const svg = confusionHeatmap(matrix(K, cells));
    expect(svg).toContain('the 50 of 1000 classes most confused');
    // 100..149 each have off-diagonal 6; 7 has 2: it does not fit in 50.
    expect(svg).not.toMatch(/class7\b/);
    for (const k of [100, 125, 149]) expect(svg).toContain(`predicted class${k}, true class${k}`);
    expect(svg).not.toMatch(/class99\b|class150\b/);
    // 50 diagonal cells + 50 confusions; background row/column have nothing among those classes.
    expect(cellsOf(svg)).toHaveLength(100);
    expect(svg.length).toBeLessThan(100_000);
  });
});
