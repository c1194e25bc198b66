/**
 * JSON.stringify that writes a bigint (an id read exactly from a file, above
 * 2^53) as the integer it is, instead of throwing: results written by
 * `eval --results` and `--json` output keep such ids exact for pycocotools.
 */
export function stringifyJson(value: unknown): string {
  const marks: string[] = [];
  // A placeholder string no data string can equal: JSON escapes NUL, and the nonce is fresh.
  const nonce = Math.random().toString(36).slice(2);
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item !== 'bigint') return item;
    marks.push(item.toString());
    return `\u0000${nonce}:${marks.length - 1}\u0000`;
  });
  if (marks.length === 0) return text;
  const placeholder = new RegExp(`"\\\\u0000${nonce}:(\\d+)\\\\u0000"`, 'g');
  return text.replace(placeholder, (_match, index: string) => marks[Number(index)]);
}
