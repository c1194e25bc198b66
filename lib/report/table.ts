import { formatTextTable } from '../metrics/display-width.js';

/**
 * A plain-text table: the first column left-aligned (names), the others
 * right-aligned (numbers), two spaces between columns, aligned by display
 * width (CJK names take two columns a character).
 */
export function formatTable(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  return formatTextTable(headers, rows);
}
