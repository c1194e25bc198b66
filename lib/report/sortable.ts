import { escapeXml } from './svg.js';

/** A table row: the cells as shown, and per column the value it sorts by (undefined sorts last). */
export interface SortableRow {
  cells: string[];
  keys: Array<number | string | undefined>;
  attributes?: Record<string, string>;
}

/** Columns a sortable table may have (the style sheet has a rule per column and direction). */
const MAX_COLUMNS = 24;

/**
 * A table that sorts by any column without a script: one hidden radio button
 * per column and direction, the header's arrows are their labels, and the
 * checked one sets each row's CSS `order` from a rank the row carries
 * (`--a<c>` ascending, `--d<c>` descending). The rows are laid out as a CSS
 * subgrid so the columns stay aligned while rows move.
 */
export function sortableTable(id: string, headers: string[], rows: SortableRow[]): string {
  const columns = Math.min(headers.length, MAX_COLUMNS);
  const ranks = Array.from({ length: columns }, (_, c) => rankRows(rows, c));
  const inputs = Array.from({ length: columns }, (_, c) =>
    ['a', 'd']
      .map(
        (way) => `<input type="radio" name="${id}-sort" id="${id}-${way}${c}" class="${way}${c}">`,
      )
      .join(''),
  ).join('');
  const head = headers
    .map((header, c) => {
      const arrows =
        c < columns
          ? ` <label for="${id}-a${c}" title="ascending">&#9650;</label><label for="${id}-d${c}" title="descending">&#9660;</label>`
          : '';
      return `<th>${escapeXml(header)}${arrows}</th>`;
    })
    .join('');
  const body = rows
    .map((row, index) => {
      const order = ranks
        .map(
          ([ascending, descending], c) =>
            `--a${c}:${ascending[index]};--d${c}:${descending[index]}`,
        )
        .join(';');
      const extra = Object.entries(row.attributes ?? {})
        .map(([name, value]) => ` ${name}="${escapeXml(value)}"`)
        .join('');
      return `<tr style="${order}"${extra}>${row.cells.map((cell) => `<td>${escapeXml(cell)}</td>`).join('')}</tr>`;
    })
    .join('');
  return (
    `<div class="sortable" style="--columns:${headers.length}">${inputs}` +
    `<table id="${id}"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`
  );
}

/** Each row's position when sorted by column c, ascending and descending; missing values last in both. */
function rankRows(rows: SortableRow[], c: number): [number[], number[]] {
  const compare = (p: number, q: number) => {
    const a = rows[p].keys[c];
    const b = rows[q].keys[c];
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  };
  const present = rows
    .map((_, index) => index)
    .filter((index) => rows[index].keys[c] !== undefined);
  const missing = rows
    .map((_, index) => index)
    .filter((index) => rows[index].keys[c] === undefined);
  const ascending = [...present].sort((p, q) => compare(p, q) || p - q);
  const descending = [...present].sort((p, q) => compare(q, p) || p - q);
  const rankOf = (order: number[]) => {
    const rank = new Array<number>(rows.length);
    [...order, ...missing].forEach((row, position) => (rank[row] = position));
    return rank;
  };
  return [rankOf(ascending), rankOf(descending)];
}

/** The style rules sortable tables need (part of the report's one style sheet). */
export function sortableStyle(): string {
  const rules = [
    '.sortable input{display:none}',
    '.sortable table{display:grid;grid-template-columns:repeat(var(--columns),auto)}',
    '.sortable thead,.sortable tbody,.sortable tr{display:grid;grid-column:1/-1;grid-template-columns:subgrid}',
    '.sortable label{cursor:pointer;color:#999;font-size:9px;margin-left:2px}',
  ];
  for (let c = 0; c < MAX_COLUMNS; c++) {
    rules.push(
      `.sortable input.a${c}:checked~table tbody tr{order:var(--a${c})}`,
      `.sortable input.d${c}:checked~table tbody tr{order:var(--d${c})}`,
      `.sortable input.a${c}:checked~table th:nth-child(${c + 1}) label[title=ascending],` +
        `.sortable input.d${c}:checked~table th:nth-child(${c + 1}) label[title=descending]{color:#000}`,
    );
  }
  return rules.join('\n');
}
