/**
 * A plain-text table: the first column left-aligned (names), the others
 * right-aligned (numbers), two spaces between columns.
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const layout = (cells: readonly string[]) =>
    cells
      .map((value, column) =>
        column === 0 ? value.padEnd(widths[0]) : value.padStart(widths[column]),
      )
      .join('  ');
  return [layout(headers), ...rows.map(layout)].join('\n');
}
