import { numberOption, type ParsedArgs } from './args.js';

/**
 * The one range check for the CLI's numeric options: integers with a minimum
 * (and a maximum), and real numbers in an interval. Every out-of-range value is
 * a TrtmapError `ERR_INVALID_ARGUMENT` in the project's one message shape
 * ("Expected <what> for --<name> but received <value>"), so `--limit 0` stops
 * before a run that would score nothing rather than printing mAP 0.
 */

/** `--<name> n` as an integer in [minimum, maximum]; `fallback` when absent. */
export function integerOption(
  parsed: ParsedArgs,
  name: string,
  minimum: number,
  fallback: number,
  maximum?: number,
): number;
export function integerOption(
  parsed: ParsedArgs,
  name: string,
  minimum: number,
  fallback?: undefined,
  maximum?: number,
): number | undefined;
export function integerOption(
  parsed: ParsedArgs,
  name: string,
  minimum: number,
  fallback?: number,
  maximum = Number.MAX_SAFE_INTEGER,
): number | undefined {
  if (!parsed.values.has(name)) return fallback;
  const what =
    maximum === Number.MAX_SAFE_INTEGER
      ? `an integer >= ${minimum}`
      : `an integer from ${minimum} to ${maximum}`;
  return numberOption(
    parsed,
    name,
    0,
    (v) => Number.isSafeInteger(v) && v >= minimum && v <= maximum,
    what,
  );
}

export interface Interval {
  min: number;
  max: number;
  /** The bound itself is outside (an IoU threshold of 0 would match boxes that do not overlap). */
  openMin?: boolean;
  openMax?: boolean;
}

/** `--<name> x` as a finite number in the interval; `fallback` when absent. */
export function intervalOption(
  parsed: ParsedArgs,
  name: string,
  interval: Interval,
  fallback: number,
): number {
  const { min, max, openMin = false, openMax = false } = interval;
  const what =
    max === Infinity
      ? `a number ${openMin ? '>' : '>='} ${min}`
      : `a number in ${openMin ? '(' : '['}${min}, ${max}${openMax ? ')' : ']'}`;
  return numberOption(
    parsed,
    name,
    fallback,
    (v) => Number.isFinite(v) && (openMin ? v > min : v >= min) && (openMax ? v < max : v <= max),
    what,
  );
}
