import { open } from 'node:fs/promises';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import {
  type BuildOptions,
  type BuildResult,
  type ShapeRange,
  buildEngine,
  formatLayerPrecisions,
  precisions,
} from '../trt/index.js';
import { severities } from '../trt/build-options.js';
import {
  choiceOption,
  formatHelp,
  numberOption,
  type OptionSpecs,
  parseArgs,
  type ParsedArgs,
} from './args.js';
import { ExitCode } from './command.js';
import { pluginOptions, pluginsOf } from './plugin-options.js';
import { checkInputPath } from './input-paths.js';
import { checkOutputPath } from './output-paths.js';
import {
  checkAgainstOnnxInputs,
  checkBuildCombination,
  checkCalibrationTensors,
  onnxInputShapes,
  parseBatchRange,
  parseShapeRange,
  parseUffInput,
} from './build-checks.js';

export const buildOptionSpecs: OptionSpecs = {
  output: {
    type: 'string',
    short: 'o',
    valueName: 'file',
    description: 'engine file (default: <model>.<precision>.plan)',
  },
  precision: {
    type: 'string',
    valueName: 'p',
    description: `${precisions.join(' | ')} (default fp32)`,
  },
  'strongly-typed': {
    type: 'flag',
    description: "take every layer's precision from the model (TensorRT 10; always on 11)",
  },
  'allow-tf32': {
    type: 'flag',
    description: 'let FP32 layers use TF32 (Ampere and later); default: FP32 means FP32',
  },
  workspace: {
    type: 'string',
    valueName: 'MiB',
    description: "builder workspace limit (default: 256 MiB on TensorRT 8.0-8.3, else TensorRT's)",
  },
  contexts: {
    type: 'string',
    valueName: 'n',
    default: '1',
    description: 'execution contexts that will run at once (TensorRT 8: a profile each)',
  },
  'version-compatible': {
    type: 'flag',
    description: 'a plan later TensorRT 10/11 versions can load (kVERSION_COMPATIBLE)',
  },
  'timing-cache': {
    type: 'string',
    valueName: 'file',
    description: 'timing cache: read if present, written after the build',
  },
  'dla-core': {
    type: 'string',
    valueName: 'n',
    description: 'build for a DLA core (Jetson Xavier/Orin)',
  },
  'no-gpu-fallback': {
    type: 'flag',
    description: 'fail instead of running DLA-unsupported layers on the GPU',
  },
  batch: {
    type: 'string',
    valueName: 'min,opt,max',
    description: 'range of a dynamic batch dimension',
  },
  shape: {
    type: 'list',
    valueName: 'name=min:opt:max',
    description: 'profile of an input, e.g. images=1x3x416x416:4x3x416x416:8x3x416x416',
  },
  'calibration-cache': {
    type: 'string',
    valueName: 'file',
    description: 'INT8 scales: read if present, written after calibrating',
  },
  'calibration-tensors': {
    type: 'string',
    valueName: 'file',
    description: 'INT8 calibration data: raw float32 preprocessed inputs (single-input models)',
  },
  'calibration-batches': {
    type: 'string',
    valueName: 'n',
    description: 'stop calibrating after n batches',
  },
  'uff-input': {
    type: 'string',
    valueName: 'name=C,H,W',
    description: 'UFF models (TensorRT 8): the input and its dimensions',
  },
  'uff-output': {
    type: 'list',
    valueName: 'name',
    description: 'UFF models: an output (repeatable)',
  },
  'uff-input-order': {
    type: 'string',
    valueName: 'nchw|nhwc',
    description: "UFF models: the input's dimension order (default nchw)",
  },
  'max-batch': {
    type: 'string',
    valueName: 'n',
    description: 'UFF models: largest batch (default 1)',
  },
  ...pluginOptions,
  'log-level': {
    type: 'string',
    valueName: 'severity',
    description: `TensorRT messages shown: ${severities.join(' | ')} (default warning)`,
  },
  verbose: { type: 'flag', description: 'print stack traces of errors' },
  help: { type: 'flag', short: 'h', description: 'show this help' },
};

const usageLine = 'trtmap build <model.onnx | model.uff> [options]';

const positiveInteger = (value: number) => Number.isSafeInteger(value) && value > 0;

function profiles(parsed: ParsedArgs): Record<string, ShapeRange> {
  return Object.fromEntries((parsed.lists.get('shape') ?? []).map(parseShapeRange));
}

/** Calibration samples read in 1 MiB chunks from a raw float32 file. */
async function* rawTensors(file: string): AsyncGenerator<Float32Array> {
  const handle = await open(file, 'r').catch((cause: unknown) => {
    throw new TrtmapError('ERR_FILE_NOT_FOUND', `calibration tensors not found: ${file}`, {
      cause,
      file,
    });
  });
  try {
    for (;;) {
      const chunk = Buffer.alloc(1 << 20);
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
      if (bytesRead < 4) return;
      yield new Float32Array(
        chunk.buffer.slice(chunk.byteOffset, chunk.byteOffset + bytesRead - (bytesRead % 4)),
      );
    }
  } finally {
    await handle.close();
  }
}

/** The buildEngine() options that the command line describes. */
export function buildOptionsFromArgs(parsed: ParsedArgs): BuildOptions {
  const [model] = parsed.positionals;
  if (model === undefined || parsed.positionals.length > 1) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      'trtmap build needs exactly one model (see trtmap build --help)',
    );
  }
  const precision = choiceOption(parsed, 'precision', precisions) ?? 'fp32';
  const output =
    parsed.values.get('output') ?? `${model.replace(/\.(onnx|uff)$/i, '')}.${precision}.plan`;
  const build: BuildOptions = { model, output, precision, profiles: profiles(parsed) };
  const workspace = numberOption(parsed, 'workspace', 0, positiveInteger, 'a size in MiB');
  if (workspace > 0) build.workspace = workspace * 2 ** 20;
  const batch = parsed.values.get('batch');
  if (batch !== undefined) build.batch = parseBatchRange(batch);
  if (parsed.values.has('timing-cache')) build.timingCache = parsed.values.get('timing-cache');
  if (parsed.values.has('dla-core'))
    build.dlaCore = numberOption(
      parsed,
      'dla-core',
      0,
      (n) => Number.isSafeInteger(n) && n >= 0,
      'a DLA core number',
    );
  if (parsed.flags.has('no-gpu-fallback')) build.gpuFallback = false;
  if (parsed.flags.has('strongly-typed')) build.stronglyTyped = true;
  if (parsed.flags.has('allow-tf32')) build.allowTf32 = true;
  if (parsed.flags.has('version-compatible')) build.versionCompatible = true;
  if (parsed.values.has('contexts'))
    build.contexts = numberOption(parsed, 'contexts', 1, positiveInteger, 'an integer >= 1');
  const plugins = pluginsOf(parsed);
  if (plugins.length > 0) build.plugins = plugins;
  build.logLevel = choiceOption(parsed, 'log-level', severities) ?? 'warning';
  const tensors = parsed.values.get('calibration-tensors');
  const cacheFile = parsed.values.get('calibration-cache');
  if (tensors !== undefined || cacheFile !== undefined) {
    build.calibration = {
      cacheFile,
      data: tensors === undefined ? undefined : rawTensors(tensors),
    };
    if (parsed.values.has('calibration-batches')) {
      build.calibration.maxBatches = numberOption(
        parsed,
        'calibration-batches',
        1,
        positiveInteger,
        'an integer >= 1',
      );
    }
  }
  const uffInput = parsed.values.get('uff-input');
  if (uffInput !== undefined) {
    build.uff = {
      ...parseUffInput(uffInput),
      inputOrder: choiceOption(parsed, 'uff-input-order', ['nchw', 'nhwc'] as const),
      outputs: parsed.lists.get('uff-output') ?? [],
    };
  }
  if (parsed.values.has('max-batch'))
    build.maxBatchSize = numberOption(parsed, 'max-batch', 1, positiveInteger, 'an integer >= 1');
  return build;
}

/** `trtmap build`: a TensorRT engine from an ONNX (or UFF) model. */
export async function run(argv: string[]): Promise<number> {
  const parsed = parseArgs(argv, buildOptionSpecs, 'build');
  if (parsed.flags.has('help')) {
    process.stdout.write(
      formatHelp(
        usageLine,
        buildOptionSpecs,
        'Builds a TensorRT engine (FP32, FP16, INT8) from an ONNX model, or a UFF model on TensorRT 8.',
      ) + '\n',
    );
    return ExitCode.Ok;
  }
  const build = buildOptionsFromArgs(parsed);
  // Before TensorRT is loaded: a wrong path is the likelier mistake, and its fix the simpler one.
  checkInputPath(build.model, 'the model');
  const calibrationTensors = parsed.values.get('calibration-tensors');
  if (calibrationTensors !== undefined) checkInputPath(calibrationTensors, '--calibration-tensors');
  checkOutputPath(build.output, '-o');
  // Then what can only fail (or do nothing) on the target, said here.
  for (const warning of checkBuildCombination(parsed, build))
    process.stderr.write(`trtmap: warning: ${warning}\n`);
  if (/\.onnx$/i.test(build.model) && (build.batch !== undefined || calibrationTensors)) {
    const inputs = onnxInputShapes(build.model);
    checkAgainstOnnxInputs(build, inputs);
    if (calibrationTensors !== undefined && build.precision === 'int8')
      checkCalibrationTensors(calibrationTensors, inputs);
  }
  let lastPhase = '';
  const result = await buildEngine({
    ...build,
    onLog: ({ severity, message }) => process.stderr.write(`[TensorRT ${severity}] ${message}\n`),
    onProgress: ({ phase }) => {
      if (phase !== lastPhase) process.stderr.write(`trtmap build: ${phase}\n`);
      lastPhase = phase;
    },
  });
  process.stdout.write(formatBuildResult(build, result) + '\n');
  return ExitCode.Ok;
}

/** What `trtmap build` prints: the engine, what it really is, and the warnings. */
export function formatBuildResult(build: BuildOptions, result: BuildResult): string {
  const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(bytes % 2 ** 20 === 0 ? 0 : 1)} MiB`;
  const lines = [
    `${path.relative(process.cwd(), result.output) || result.output}: ${(result.engineBytes / 2 ** 20).toFixed(1)} MiB, ` +
      `TensorRT ${result.tensorrtVersion}, ${result.stronglyTyped ? 'strongly typed' : build.precision}, ${result.seconds.toFixed(1)} s` +
      (result.calibrationBatches > 0 ? `, ${result.calibrationBatches} calibration batches` : ''),
    `  precision   ${result.layerPrecisions === null ? 'unknown (no layer information)' : formatLayerPrecisions(result.layerPrecisions)}` +
      (result.tf32 ? ', TF32 allowed' : ''),
    `  workspace   ${result.workspaceBytes > 0 ? mib(result.workspaceBytes) : "TensorRT's default (the device's memory)"}`,
  ];
  if (result.optimizationProfiles > 1)
    lines.push(
      `  profiles    ${result.optimizationProfiles} (one per concurrent execution context)`,
    );
  for (const warning of result.warnings) lines.push(`  warning     ${warning}`);
  return lines.join('\n');
}
