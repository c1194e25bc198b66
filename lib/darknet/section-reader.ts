import { cfgError, type CfgSection } from './cfg.js';

/** atoi's and atof's reading: the longest number at the start of the text. */
const integerPrefix = /^[+-]?\d+/;
const floatPrefix = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/;

/**
 * Typed access to one cfg section's options, with darknet's defaults and
 * errors that point at the offending line. Numbers are read as darknet's
 * atoi/atof read them, so a comment after a value (`filters=32 # 2x`, which
 * darknet's strip turns into `32#2x`) gives 32; anything else after the
 * number is an error here, where darknet would silently read the digits
 * (`filters=1x6` is 1 filter to darknet, almost surely not what was meant).
 */
export class SectionReader {
  constructor(
    readonly section: CfgSection,
    readonly file: string,
    /** Where things darknet would only print go (conversion warnings). */
    readonly warnings: string[] = [],
  ) {}

  get line(): number {
    return this.section.line;
  }

  has(key: string): boolean {
    return this.section.options.has(key);
  }

  /** The value as darknet's option_find_str returns it (a trailing comment included). */
  string(key: string, fallback: string): string {
    return this.section.options.get(key)?.value ?? fallback;
  }

  int(key: string, fallback: number): number {
    const option = this.section.options.get(key);
    if (option === undefined) return fallback;
    const match = integerPrefix.exec(option.value);
    if (match === null || !isComment(option.value.slice(match[0].length))) {
      throw this.invalid(key, 'an integer');
    }
    return Number(match[0]);
  }

  float(key: string, fallback: number): number {
    const option = this.section.options.get(key);
    if (option === undefined) return fallback;
    const match = floatPrefix.exec(option.value);
    const value = Number(match?.[0]);
    if (
      match === null ||
      !isComment(option.value.slice(match[0].length)) ||
      !Number.isFinite(value)
    ) {
      throw this.invalid(key, 'a number');
    }
    return value;
  }

  /** A comma-separated list; an inline `#` ends it, as in darknet's mask and anchors parsers. */
  numbers(key: string, integer: boolean): number[] | undefined {
    const option = this.section.options.get(key);
    if (option === undefined) return undefined;
    const text = option.value.split('#')[0].replace(/,$/, '');
    const parts = text.split(',');
    const values = parts.map(Number);
    const valid = parts.every((part) => (integer ? /^[+-]?\d+$/.test(part) : isNumberText(part)));
    if (!valid) throw this.invalid(key, integer ? 'a list of integers' : 'a list of numbers');
    return values;
  }

  /** Records what darknet would print and go on with, with this section's line. */
  warn(message: string, key?: string): void {
    const line = (key && this.section.options.get(key)?.line) || this.section.line;
    this.warnings.push(`${this.file}:${line}: [${this.section.type}] ${message}`);
  }

  error(message: string, key?: string): Error {
    const line = (key && this.section.options.get(key)?.line) || this.section.line;
    return cfgError(this.file, line, `[${this.section.type}] ${message}`);
  }

  private invalid(key: string, what: string): Error {
    const option = this.section.options.get(key);
    return this.error(
      `expected ${what} for ${key} but found ${JSON.stringify(option?.value)}`,
      key,
    );
  }
}

/** Nothing, or a comment (`#` or `;` and whatever follows). */
function isComment(rest: string): boolean {
  return rest === '' || rest.startsWith('#') || rest.startsWith(';');
}

function isNumberText(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
}
