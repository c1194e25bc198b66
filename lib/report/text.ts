import type { ComparisonRun } from './result.js';
import { reportSections } from './sections.js';
import { formatTable } from './table.js';

/** What `trtmap compare` prints: the sections as plain-text tables. */
export function formatComparison(run: ComparisonRun): string {
  return reportSections(run)
    .filter((section) => section.rows.length > 0 || section.notes.length > 0)
    .map((section) =>
      [
        section.title,
        ...(section.rows.length > 0 ? [formatTable(section.headers, section.rows)] : []),
        ...section.notes,
      ].join('\n'),
    )
    .join('\n\n');
}
