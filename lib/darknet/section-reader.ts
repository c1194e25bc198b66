import { cfgError, type CfgSection } from './cfg.js';

/**
 * Typed access to one cfg section's options, with darknet's defaults and
 * errors that point at the offending line.
 */
export class SectionReader {
  constructor(
    readonly section: CfgSection,
    readonly file: string,
  ) {}

  get line(): number {
    return this.section.line;
  }

  has(key: string): boolean {
    return this.section.options.has(key);
  }

  string(key: string, fallback: string): string {
    return this.section.options.get(key)?.value ?? fallback;
  }

  /** Darknet reads ints with atoi; a value that is not an integer is an error here. */
  int(key: string, fallback: number): number {
    const option = this.section.options.get(key);
    if (option === undefined) return fallback;
    if (!/^[+-]?\d+$/.test(option.value)) throw this.invalid(key, 'an integer');
    return Number(option.value);
  }

  float(key: string, fallback: number): number {
    const option = this.section.options.get(key);
    if (option === undefined) return fallback;
    const value = Number(option.value);
    if (!isNumberText(option.value) || !Number.isFinite(value)) throw this.invalid(key, 'a number');
    return value;
  }

  /** A comma-separated list; an inline `#` ends it, as in darknet's anchor parser. */
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

function isNumberText(text: string): boolean {
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text);
}
