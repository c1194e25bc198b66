import { TrtmapError } from '../errors.js';
import { calibrationMethods } from '../quantize/calibrators/calibrator.js';
import { quantizeModelFile, type QuantizePrecision } from '../quantize/model-file.js';
import {
  choiceOption,
  formatHelp,
  numberOption,
  parseArgs,
  type OptionSpecs,
  type ParsedArgs,
} from './args.js';
import { checkOutputOptions } from './output-paths.js';
import { ExitCode } from './command.js';
import { contractOptions, parseContractOptions } from './model-options.js';

const usageLine =
  'trtmap quantize <model.onnx> --precision fp16|int8 -o <out.onnx> [--calib-images <dir>] [options]';

const specs: OptionSpecs = {
  ...Object.fromEntries(
    Object.entries(contractOptions).filter(([name]) => name !== 'print-config'),
  ),
  precision: { type: 'string', valueName: 'fp16|int8', description: 'what to write' },
  output: { type: 'string', short: 'o', valueName: 'out.onnx', description: 'the model written' },
  'calib-images': {
    type: 'string',
    valueName: 'dir',
    description:
      'calibration images (never the evaluation images); INT8 needs them, FP16 measures activations on them',
  },
  'calib-count': {
    type: 'string',
    valueName: 'n',
    description: 'use the first n images (name order)',
  },
  'calib-method': {
    type: 'string',
    valueName: calibrationMethods.join('|'),
    description:
      "INT8 activation ranges (default sqnr: per tensor, the entropy, percentile or min-max threshold with the highest SQNR; entropy: TensorRT's KL divergence)",
  },
  percentile: {
    type: 'string',
    valueName: 'p',
    description: 'percentile of --calib-method percentile (99.99)',
  },
  'exclude-nodes': {
    type: 'list',
    valueName: 'a,b',
    description: 'nodes kept in higher precision (may repeat)',
  },
  'exclude-ops': {
    type: 'list',
    valueName: 'Op,Op',
    description: 'operator types kept in higher precision (may repeat)',
  },
  'skip-sensitive': {
    type: 'string',
    valueName: 'n',
    description: 'INT8: keep the readers of the n activations with the lowest SQNR in float',
  },
  'sqnr-floor': {
    type: 'string',
    valueName: 'dB',
    description:
      'INT8: keep in float the readers of activations whose SQNR stays below this (default 12; 0: off)',
  },
  'max-underflow': {
    type: 'string',
    valueName: 'f',
    description:
      'INT8: keep in float the readers of activations of which more than this fraction of non-zero values round to 0 (default 0.05; 1: off)',
  },
  'include-tail': {
    type: 'flag',
    description: 'convert the detection tail (heads, box decode) too',
  },
  'keep-io-types': {
    type: 'string',
    valueName: 'true|false',
    description: 'FP16: float32 inputs and outputs with Casts (default true)',
  },
  'fp16-data-max': {
    type: 'string',
    valueName: 'x',
    description: 'FP16: nodes whose |activations| reach x stay FP32 (512, as ModelOpt AutoCast)',
  },
  'calibration-cache': {
    type: 'string',
    valueName: 'file',
    description:
      'INT8: also write a TensorRT calibration cache (implicit quantization, TensorRT 8.x/10.x)',
  },
  'trt-version': {
    type: 'string',
    valueName: 'x.y.z',
    description: 'TensorRT version named in the cache header (default 8.2.1, the Jetson Nano)',
  },
  emulated: {
    type: 'string',
    valueName: 'out.onnx',
    description: 'FP16: also write the FP32 twin with float16 rounding',
  },
  threads: { type: 'string', valueName: 'n', description: 'ONNX Runtime threads per operator' },
  json: { type: 'flag', description: 'print the result as JSON' },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, specs, 'quantize');
  if (parsed.flags.has('help')) {
    const description =
      'Writes an FP16 model (FP32 kept where FP16 is unsafe) or an INT8 model with Q/DQ nodes calibrated on images, for ONNX Runtime and TensorRT 8 to 11.';
    process.stdout.write(formatHelp(usageLine, specs, description) + '\n');
    return ExitCode.Ok;
  }
  if (parsed.positionals.length !== 1) throw usage('needs one ONNX model');
  const precision = choiceOption<QuantizePrecision>(parsed, 'precision', ['fp16', 'int8']);
  if (!precision) throw usage('needs --precision fp16 or --precision int8');
  const output = parsed.values.get('output');
  if (!output) throw usage('needs -o <out.onnx>');
  // Output paths before the work (an INT8 calibration takes minutes).
  checkOutputOptions(parsed, ['output', 'calibration-cache', 'emulated']);
  const cache = parsed.values.get('calibration-cache');
  const cacheWarning = calibrationCacheWarning(cache, parsed.values.get('trt-version'));
  if (cacheWarning) process.stderr.write(`trtmap: warning: ${cacheWarning}\n`);
  const result = await quantizeModelFile({
    onnx: parsed.positionals[0],
    precision,
    output,
    contract: parseContractOptions(parsed),
    calibImages: parsed.values.get('calib-images'),
    calibCount: integer(parsed, 'calib-count'),
    method: choiceOption(parsed, 'calib-method', calibrationMethods),
    percentile: parsed.values.has('percentile')
      ? numberOption(
          parsed,
          'percentile',
          99.99,
          (v) => v > 0 && v <= 100,
          'a percentile in (0, 100]',
        )
      : undefined,
    excludeNodes: listOption(parsed, 'exclude-nodes'),
    excludeOps: listOption(parsed, 'exclude-ops'),
    includeTail: parsed.flags.has('include-tail'),
    skipSensitive: parsed.values.has('skip-sensitive')
      ? numberOption(
          parsed,
          'skip-sensitive',
          0,
          (v) => Number.isInteger(v) && v >= 0,
          'an integer >= 0',
        )
      : undefined,
    sqnrFloorDb: parsed.values.has('sqnr-floor')
      ? numberOption(parsed, 'sqnr-floor', 12, (v) => v >= 0, 'a number of dB >= 0')
      : undefined,
    maxUnderflow: parsed.values.has('max-underflow')
      ? numberOption(parsed, 'max-underflow', 0.05, (v) => v >= 0 && v <= 1, 'a fraction in [0, 1]')
      : undefined,
    keepIoTypes: booleanOption(parsed, 'keep-io-types'),
    fp16DataMax: parsed.values.has('fp16-data-max')
      ? numberOption(parsed, 'fp16-data-max', 512, (v) => v > 0, 'a positive number')
      : undefined,
    calibrationCache: cache
      ? { file: cache, tensorRtVersion: parsed.values.get('trt-version') ?? '8.2.1' }
      : undefined,
    emulatedOutput: parsed.values.get('emulated'),
    threads: integer(parsed, 'threads'),
    log: (line) => process.stderr.write(`trtmap: ${line}\n`),
  });
  if (parsed.flags.has('json')) {
    process.stdout.write(
      JSON.stringify({
        ...result,
        keptInFloat: Object.fromEntries(result.keptInFloat),
        ranges: undefined,
      }) + '\n',
    );
    return ExitCode.Ok;
  }
  const lines = [`wrote ${result.output} (${result.precision})`];
  for (const [what, count] of Object.entries(result.counts)) lines.push(`  ${what}: ${count}`);
  if (result.rules && Object.keys(result.rules).length > 0)
    lines.push(
      `  thresholds by rule: ${Object.entries(result.rules)
        .map(([rule, count]) => `${rule} ${count}`)
        .join(', ')}`,
    );
  if (cache) lines.push(`wrote ${cache} (TensorRT calibration cache)`);
  const floatTensors = result.keptFloatTensors ?? [];
  if (floatTensors.length > 0) {
    lines.push(
      `activations kept in float (${floatTensors.length}; no Q/DQ${cache ? ', not in the cache' : ''}):`,
    );
    for (const entry of floatTensors) lines.push(`  ${entry.tensor}: ${entry.reason}`);
  }
  lines.push(
    `kept in ${result.precision === 'fp16' ? 'FP32' : 'float'} (${result.keptInFloat.size}):`,
  );
  for (const [node, reason] of result.keptInFloat) lines.push(`  ${node}: ${reason}`);
  const sensitive = (result.sensitivity ?? []).slice(0, 8);
  if (sensitive.length > 0) {
    lines.push(
      'most sensitive quantized activations (SQNR on the calibration data; --exclude-nodes keeps a reader in float):',
    );
    for (const entry of sensitive)
      lines.push(
        `  ${entry.sqnrDb.toFixed(1)} dB  ${entry.tensor} -> ${entry.consumers.join(', ')}`,
      );
  }
  process.stdout.write(lines.join('\n') + '\n');
  return ExitCode.Ok;
}

function listOption(parsed: ParsedArgs, name: string): string[] {
  return (parsed.lists.get(name) ?? [])
    .flatMap((value) => value.split(','))
    .map((item) => item.trim())
    .filter(Boolean);
}

function integer(parsed: ParsedArgs, name: string): number | undefined {
  if (!parsed.values.has(name)) return undefined;
  return numberOption(parsed, name, 0, (v) => Number.isInteger(v) && v > 0, 'a positive integer');
}

function booleanOption(parsed: ParsedArgs, name: string): boolean | undefined {
  const value = parsed.values.get(name);
  if (value === undefined) return undefined;
  if (value !== 'true' && value !== 'false')
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `Expected true or false for --${name} but received ${JSON.stringify(value)}`,
    );
  return value === 'true';
}

function usage(message: string): TrtmapError {
  return new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `trtmap quantize ${message} (see trtmap quantize --help)`,
  );
}

/**
 * TensorRT 11 has no calibrator (strongly typed networks only): a
 * calibration cache written "for" it is read by nothing. The Q/DQ model is
 * what TensorRT 11 builds INT8 from.
 */
export function calibrationCacheWarning(
  cache: string | undefined,
  trtVersion: string | undefined,
): string | undefined {
  if (cache === undefined || trtVersion === undefined) return undefined;
  const major = Number(trtVersion.split('.')[0]);
  if (!(major >= 11)) return undefined;
  return `--calibration-cache for TensorRT ${trtVersion}: TensorRT 11 has no calibrator (strongly typed networks only), so no build reads this cache; build INT8 there from the Q/DQ model (-o), and use the cache with TensorRT 8.x/10.x`;
}
