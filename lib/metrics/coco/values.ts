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

/** A JSON value for messages, bigints included (JSON.stringify throws on them), cut at 80 characters. */
export function showJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value, (_key, item: unknown) =>
    typeof item === 'bigint' ? Number(item) : item,
  );
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
