import { TrtmapError } from '../errors.js';
import { helpDefaults } from './help-defaults.js';

export interface OptionSpec {
  /** 'flag' takes no value; 'string' takes one; 'list' may repeat. */
  type: 'flag' | 'string' | 'list';
  short?: string;
  description: string;
  /** Shown in --help for options that take a value. */
  valueName?: string;
  /** What not giving it means, shown in --help (else lib/cli/help-defaults.ts's entry). */
  default?: string;
}

export type OptionSpecs = Record<string, OptionSpec>;

export interface ParsedArgs {
  positionals: string[];
  flags: Set<string>;
  values: Map<string, string>;
  lists: Map<string, string[]>;
}

/**
 * A small, strict argument parser (`util.parseArgs` is not in Node 16's
 * typings). Unknown options are an error rather than silently ignored, because
 * a misspelt `--iuo 0.75` must not score at the default IoU.
 */
export function parseArgs(argv: string[], specs: OptionSpecs, command: string): ParsedArgs {
  const parsed: ParsedArgs = {
    positionals: [],
    flags: new Set(),
    values: new Map(),
    lists: new Map(),
  };
  const byShort = new Map<string, string>();
  for (const [name, spec] of Object.entries(specs)) if (spec.short) byShort.set(spec.short, name);

  for (let index = 0; index < argv.length; index++) {
    const token = argv[index];
    if (token === '--') {
      parsed.positionals.push(...argv.slice(index + 1));
      break;
    }
    let name: string | undefined;
    let inlineValue: string | undefined;
    if (token.startsWith('--')) {
      const equals = token.indexOf('=');
      name = equals < 0 ? token.slice(2) : token.slice(2, equals);
      inlineValue = equals < 0 ? undefined : token.slice(equals + 1);
    } else if (/^-[A-Za-z]$/.test(token)) {
      name = byShort.get(token.slice(1));
      if (name === undefined) throw unknownOption(token, command);
    } else {
      parsed.positionals.push(token);
      continue;
    }
    const spec = specs[name];
    if (spec === undefined) throw unknownOption(token, command);
    if (spec.type === 'flag') {
      if (inlineValue !== undefined) {
        throw new TrtmapError(
          'ERR_INVALID_ARGUMENT',
          `trtmap ${command}: --${name} takes no value`,
        );
      }
      parsed.flags.add(name);
      continue;
    }
    let value = inlineValue;
    if (value === undefined) {
      value = argv[++index];
      if (value === undefined) {
        throw new TrtmapError('ERR_INVALID_ARGUMENT', `trtmap ${command}: --${name} needs a value`);
      }
    }
    if (spec.type === 'list') parsed.lists.set(name, [...(parsed.lists.get(name) ?? []), value]);
    else parsed.values.set(name, value);
  }
  return parsed;
}

function unknownOption(token: string, command: string): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `trtmap ${command}: unknown option ${token} (see trtmap ${command} --help)`,
  );
}

export function formatHelp(usageLine: string, specs: OptionSpecs, description?: string): string {
  const rows = Object.entries(specs).map(([name, spec]) => {
    const short = spec.short ? `-${spec.short}, ` : '    ';
    const value = spec.type === 'flag' ? '' : ` <${spec.valueName ?? 'value'}>`;
    const fallback = spec.type === 'flag' ? undefined : (spec.default ?? helpDefaults[name]);
    const description =
      fallback === undefined || /\bdefault\b|\brequired\b/i.test(spec.description)
        ? spec.description
        : `${spec.description} (default: ${fallback})`;
    return [`  ${short}--${name}${value}`, description] as const;
  });
  const width = Math.max(...rows.map(([left]) => left.length));
  return [
    `Usage: ${usageLine}`,
    ...(description ? ['', description] : []),
    '',
    'Options:',
    ...rows.map(([left, right]) => `${left.padEnd(width)}  ${right}`),
  ].join('\n');
}

/** Parses a number option, with the project's one error message shape. */
export function numberOption(
  parsed: ParsedArgs,
  name: string,
  fallback: number,
  check: (value: number) => boolean = Number.isFinite,
  what = 'a number',
): number {
  const text = parsed.values.get(name);
  if (text === undefined) return fallback;
  const value = Number(text);
  // Decimal notation only: Number() would also take 0x1, 0b1, Infinity and ' 1 '.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) || !check(value)) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected ${what} for --${name} but received ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** Parses an option that takes one of a fixed set of values. */
export function choiceOption<T extends string>(
  parsed: ParsedArgs,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const value = parsed.values.get(name);
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected one of ${allowed.join(', ')} for --${name} but received ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}
