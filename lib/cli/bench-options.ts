import type { BenchOptions } from '../bench/harness.js';
import { numberOption, type OptionSpecs, type ParsedArgs } from './args.js';

/** trtexec's timing options, shared by `bench` and `compare`. */
export const timingOptions: OptionSpecs = {
  iterations: {
    type: 'string',
    valueName: 'n',
    description: 'measure at least n runs (trtexec --iterations; default 10)',
  },
  duration: {
    type: 'string',
    valueName: 's',
    description: 'and for at least s seconds (trtexec --duration; default 3)',
  },
  warmup: {
    type: 'string',
    valueName: 's',
    description: 'unmeasured warm-up first (trtexec --warmUp; default 0.2)',
  },
};

export function parseTimingOptions(parsed: ParsedArgs): BenchOptions {
  const seconds = (name: string, fallback: number) =>
    numberOption(parsed, name, fallback, (v) => Number.isFinite(v) && v >= 0, 'seconds >= 0');
  return {
    iterations: numberOption(
      parsed,
      'iterations',
      10,
      (v) => Number.isInteger(v) && v > 0,
      'a positive integer',
    ),
    durationSeconds: seconds('duration', 3),
    warmupSeconds: seconds('warmup', 0.2),
  };
}

/** `--batch n`, or undefined for the model's own batch. */
export function batchOption(parsed: ParsedArgs): number | undefined {
  if (!parsed.values.has('batch')) return undefined;
  return numberOption(
    parsed,
    'batch',
    1,
    (v) => Number.isInteger(v) && v > 0,
    'a positive integer',
  );
}
