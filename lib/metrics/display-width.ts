import stringWidth from 'string-width';

/**
 * Padding by the columns a string takes in a terminal, not its UTF-16
 * length: CJK class names (人, 自転車) take two columns per character, and
 * combining marks none, so `padEnd` alone misaligns a per-class table.
 * string-width (sindresorhus) implements Unicode's East Asian Width.
 */
export function displayWidth(text: string): number {
  return stringWidth(text);
}

/** `text` followed by spaces up to `width` columns. */
export function padEndDisplay(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

/** Spaces, then `text`, up to `width` columns. */
export function padStartDisplay(text: string, width: number): string {
  return ' '.repeat(Math.max(0, width - displayWidth(text))) + text;
}

/** Each column's width in display columns: its widest cell or header. */
export function columnWidths(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): number[] {
  return headers.map((header, column) =>
    Math.max(displayWidth(header), ...rows.map((row) => displayWidth(row[column]))),
  );
}

/** One table line: the first cell left-aligned, the others right-aligned, two spaces apart, trailing spaces trimmed. */
export function layoutRow(cells: readonly string[], widths: readonly number[]): string {
  return cells
    .map((cell, column) =>
      column === 0 ? padEndDisplay(cell, widths[0]) : padStartDisplay(cell, widths[column]),
    )
    .join('  ')
    .trimEnd();
}

/**
 * A plain-text table: the first column left-aligned (names), the others
 * right-aligned (numbers), aligned by display width.
 */
export function formatTextTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const widths = columnWidths(headers, rows);
  return [headers, ...rows].map((cells) => layoutRow(cells, widths)).join('\n');
}
