const decimalPattern = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * A plain decimal number ("12", "-3.5", ".88", "1e-3"), or undefined. Stricter
 * than Number(), which also takes "", "0x1F", "Infinity" and whitespace.
 */
export function parseDecimal(text: string): number | undefined {
  return decimalPattern.test(text) ? Number(text) : undefined;
}
