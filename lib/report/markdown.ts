import type { ComparisonRun } from './result.js';
import { reportSections } from './sections.js';

/** The report as GitHub-flavoured Markdown: the same tables as the text and the HTML. */
export function renderMarkdown(run: ComparisonRun): string {
  const parts = [`# trtmap compare`, '', `Run of ${run.createdAt}, trtmap ${run.trtmapVersion}.`];
  for (const section of reportSections(run)) {
    parts.push('', `## ${escapeCell(section.title)}`, '');
    if (section.rows.length > 0) {
      parts.push(row(section.headers));
      parts.push(row(section.headers.map((_, column) => (column === 0 ? '---' : '---:'))));
      for (const cells of section.rows) parts.push(row(cells));
      parts.push('');
    }
    for (const note of section.notes) parts.push(`- ${escapeCell(note)}`);
  }
  return parts.join('\n') + '\n';
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(escapeCell).join(' | ')} |`;
}

/** A pipe or a newline would break a table row. */
function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
