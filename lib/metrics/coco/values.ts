/**
 * A JSON number as a finite double: numbers as they are, an integer too long
 * for a double (a bigint from the exact reader) rounded as Python's float()
 * rounds it; anything else (or an infinite value) undefined.
 */
export function toFiniteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') {
    const number = Number(value);
    return Number.isFinite(number) ? number : undefined;
  }
  return undefined;
}

/**
 * A JSON value for messages, cut at 80 characters: bigints as their digits,
 * and nesting past a few levels as `...`. Not JSON.stringify, which throws
 * on bigints and overflows the stack on a value nested thousands deep (a
 * fuzzer found `"bbox": [[[[...]]]]` reaching a message that way).
 */
export function showJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = show(value, 0);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function show(value: unknown, depth: number): string {
  if (typeof value === 'bigint') return value.toString();
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? String(value);
  if (depth >= 4) return Array.isArray(value) ? '[...]' : '{...}';
  // At most 10 entries are shown: the message is cut at 80 characters anyway.
  if (Array.isArray(value)) {
    return `[${value
      .slice(0, 10)
      .map((item) => show(item, depth + 1))
      .join(',')}${value.length > 10 ? ',...' : ''}]`;
  }
  const entries = Object.entries(value).slice(0, 10);
  return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${show(item, depth + 1)}`).join(',')}}`;
}
