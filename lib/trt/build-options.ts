/**
 * buildEngine()'s options: the public shape, and its validation into the
 * plain object the addon reads (every field present). Pure: no addon needed.
 */
import path from 'node:path';
import { TrtmapError, invalidArgument } from '../errors.js';
import type { NativeBuildOptions, TrtSeverity } from '../native/types.js';
import type { CalibrationSource } from './calibration.js';

export type Precision = 'fp32' | 'fp16' | 'int8' | 'best';
export const precisions: readonly Precision[] = ['fp32', 'fp16', 'int8', 'best'];
export const severities: readonly TrtSeverity[] = [
  'internal-error',
  'error',
  'warning',
  'info',
  'verbose',
];

export interface ShapeRange {
  min: readonly number[];
  opt: readonly number[];
  max: readonly number[];
}

export interface BuildProgress {
  /** 'parse', 'configure', 'build', 'calibrate', 'write', or a TensorRT 10 builder phase. */
  phase: string;
  step: number;
  /** 0 when unknown. */
  steps: number;
}

export interface CalibrationOptions {
  /** Preprocessed float32 inputs, as the model expects them (see CalibrationSample). */
  data?: CalibrationSource;
  /** Read when it exists (then no data is needed), written after calibrating. */
  cacheFile?: string;
  /** Stop after this many batches (default: all the data). */
  maxBatches?: number;
}

export interface BuildOptions {
  /** An .onnx file (or .uff on TensorRT 8). */
  model: string;
  /** Where the serialized engine goes. */
  output: string;
  /** Default: from the model's extension. */
  format?: 'onnx' | 'uff';
  /**
   * UFF models: the input's name and dimensions, their order (nvuffparser's
   * UffInputOrder: 'nchw', the default, or 'nhwc' for TensorFlow models fed
   * channels last), and the output names.
   */
  uff?: {
    input: string;
    inputDims: readonly [number, number, number];
    inputOrder?: 'nchw' | 'nhwc';
    outputs: readonly string[];
  };
  /** UFF models (implicit batch): the largest batch the engine runs (default 1). */
  maxBatchSize?: number;
  /**
   * 'fp32' (default), 'fp16', 'int8' (calibration data or cache, or a model
   * with Q/DQ nodes) or 'best'. TensorRT 11 has no precision flags: only
   * 'fp32' there, the model carrying the precision.
   */
  precision?: Precision;
  /**
   * A strongly typed network (TensorRT 10; every network on 11): each
   * layer's type comes from the model (FP16 weights and casts, Q/DQ nodes),
   * no precision flags; `precision` must stay 'fp32'.
   */
  stronglyTyped?: boolean;
  /** Let FP32 layers use TF32 (Ampere and later). Default false: FP32 means FP32. */
  allowTf32?: boolean;
  /** A plan later TensorRT 10/11 versions can load (kVERSION_COMPATIBLE); load it with versionCompatible too. */
  versionCompatible?: boolean;
  /**
   * Builder workspace (memory pool) limit in bytes. Default: 256 MiB on
   * TensorRT 8.0-8.3, whose own default is no workspace at all; TensorRT's
   * default (the device's memory) elsewhere.
   */
  workspace?: number;
  /** Timing cache file: read when it exists, written after the build. */
  timingCache?: string;
  /** Build for this DLA core (Jetson Xavier/Orin). */
  dlaCore?: number;
  /** Layers the DLA cannot run go to the GPU (default true). */
  gpuFallback?: boolean;
  /** min/opt/max shapes per input with dynamic dimensions. */
  profiles?: Readonly<Record<string, ShapeRange>>;
  /** Shorthand: the range of a dynamic first (batch) dimension, for every input. */
  batch?: { min: number; opt: number; max: number };
  /**
   * Execution contexts that will run at the same time (default 1). TensorRT
   * 8 needs an optimization profile per concurrent context of an engine with
   * dynamic shapes; 10.x contexts share one.
   */
  contexts?: number;
  /**
   * Plugin libraries (.so) to load before parsing, as trtexec's --plugins:
   * custom layers in the ONNX model are imported as their plugins.
   */
  plugins?: readonly string[];
  /** INT8 calibration (precision 'int8', optional for 'best'). */
  calibration?: CalibrationOptions;
  /** Least severe TensorRT message passed to onLog (default 'warning'). */
  logLevel?: TrtSeverity;
  onLog?: (message: { severity: TrtSeverity; message: string }) => void;
  onProgress?: (progress: BuildProgress) => void;
}

const isPositiveInteger = (value: unknown): value is number =>
  Number.isSafeInteger(value) && (value as number) > 0;

function nonEmptyString(value: unknown, name: string): string {
  if (typeof value !== 'string' || value === '')
    throw invalidArgument('a non-empty string', name, value);
  return value;
}

function optionalString(value: unknown, name: string): string {
  return value === undefined ? '' : nonEmptyString(value, name);
}

function positiveShape(value: unknown, name: string): number[] {
  if (
    !Array.isArray(value) ||
    value.length === 0 ||
    value.length > 8 ||
    !value.every(isPositiveInteger)
  ) {
    throw invalidArgument('an array of 1 to 8 integers >= 1', name, value);
  }
  return [...(value as number[])];
}

function validateRange(
  range: unknown,
  name: string,
): { min: number[]; opt: number[]; max: number[] } {
  if (typeof range !== 'object' || range === null)
    throw invalidArgument('{ min, opt, max } shapes', name, range);
  const { min, opt, max } = range as ShapeRange;
  const shapes = {
    min: positiveShape(min, `${name}.min`),
    opt: positiveShape(opt, `${name}.opt`),
    max: positiveShape(max, `${name}.max`),
  };
  if (shapes.opt.length !== shapes.min.length || shapes.max.length !== shapes.min.length) {
    throw invalidArgument('min, opt and max shapes of the same rank', name, range);
  }
  shapes.min.forEach((extent, axis) => {
    if (!(extent <= shapes.opt[axis]! && shapes.opt[axis]! <= shapes.max[axis]!)) {
      throw invalidArgument(`min <= opt <= max in dimension ${axis}`, name, range);
    }
  });
  return shapes;
}

function validateBatch(batch: BuildOptions['batch']): NativeBuildOptions['batch'] {
  if (batch === undefined) return null;
  const { min, opt, max } = batch ?? ({} as { min?: unknown; opt?: unknown; max?: unknown });
  if (
    !isPositiveInteger(min) ||
    !isPositiveInteger(opt) ||
    !isPositiveInteger(max) ||
    !(min <= opt && opt <= max)
  ) {
    throw invalidArgument('{ min, opt, max } integers with 1 <= min <= opt <= max', 'batch', batch);
  }
  return { min, opt, max };
}

function modelFormat(options: BuildOptions): 'onnx' | 'uff' {
  if (options.format !== undefined) {
    if (options.format !== 'onnx' && options.format !== 'uff') {
      throw invalidArgument("'onnx' or 'uff'", 'format', options.format);
    }
    return options.format;
  }
  const extension = path.extname(options.model).toLowerCase();
  if (extension === '.onnx') return 'onnx';
  if (extension === '.uff') return 'uff';
  throw invalidArgument(
    "a model ending in .onnx or .uff (or format: 'onnx' | 'uff')",
    'model',
    options.model,
  );
}

function validateUff(options: BuildOptions, format: 'onnx' | 'uff') {
  if (format === 'onnx')
    return { uffInput: '', uffInputDims: [], uffInputOrder: 'nchw' as const, uffOutputs: [] };
  const uff = options.uff;
  if (uff === undefined || typeof uff !== 'object' || uff === null) {
    throw invalidArgument('{ input, inputDims, outputs } for a UFF model', 'uff', uff);
  }
  const dims = positiveShape(uff.inputDims, 'uff.inputDims');
  if (dims.length !== 3)
    throw invalidArgument('CHW dimensions (3 integers)', 'uff.inputDims', uff.inputDims);
  if (!Array.isArray(uff.outputs) || uff.outputs.length === 0) {
    throw invalidArgument('a non-empty array of output names', 'uff.outputs', uff.outputs);
  }
  const order = uff.inputOrder ?? 'nchw';
  if (order !== 'nchw' && order !== 'nhwc')
    throw invalidArgument("'nchw' or 'nhwc'", 'uff.inputOrder', uff.inputOrder);
  return {
    uffInput: nonEmptyString(uff.input, 'uff.input'),
    uffInputDims: dims,
    uffInputOrder: order,
    uffOutputs: uff.outputs.map((name, index) => nonEmptyString(name, `uff.outputs[${index}]`)),
  };
}

function validateCalibration(options: BuildOptions) {
  const calibration = options.calibration;
  // precision 'int8' without calibration: a model with Q/DQ nodes carries
  // its scales (explicit quantization); the native build refuses others.
  if (calibration === undefined)
    return { calibration: false, calibrationCachePath: '', maxBatches: Number.POSITIVE_INFINITY };
  if (typeof calibration !== 'object' || calibration === null) {
    throw invalidArgument('{ data, cacheFile, maxBatches }', 'calibration', calibration);
  }
  const data = calibration.data as unknown;
  const iterable =
    data !== null &&
    typeof data === 'object' &&
    (Symbol.asyncIterator in data || Symbol.iterator in data);
  if (data !== undefined && !iterable)
    throw invalidArgument('an (async) iterable', 'calibration.data', data);
  if (data === undefined && calibration.cacheFile === undefined) {
    throw invalidArgument('data or a cacheFile', 'calibration', calibration);
  }
  if (calibration.maxBatches !== undefined && !isPositiveInteger(calibration.maxBatches)) {
    throw invalidArgument('an integer >= 1', 'calibration.maxBatches', calibration.maxBatches);
  }
  return {
    calibration: data !== undefined,
    calibrationCachePath: optionalString(calibration.cacheFile, 'calibration.cacheFile'),
    maxBatches: calibration.maxBatches ?? Number.POSITIVE_INFINITY,
  };
}

function optionalBoolean(options: BuildOptions, name: keyof BuildOptions): boolean {
  const value = options[name];
  if (value !== undefined && typeof value !== 'boolean')
    throw invalidArgument('a boolean', name, value);
  return value === true;
}

/** Plugin library paths, resolved (shared with Engine.load). */
export function validatePlugins(plugins: unknown, name = 'plugins'): string[] {
  if (plugins === undefined) return [];
  if (!Array.isArray(plugins))
    throw invalidArgument('an array of plugin library paths', name, plugins);
  return plugins.map((plugin, index) => path.resolve(nonEmptyString(plugin, `${name}[${index}]`)));
}

function validateTyping(options: BuildOptions, precision: Precision) {
  const stronglyTyped = optionalBoolean(options, 'stronglyTyped');
  if (stronglyTyped && precision !== 'fp32') {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `a strongly typed build takes each layer's precision from the model: leave precision at 'fp32' instead of '${precision}'`,
    );
  }
  const contexts = options.contexts ?? 1;
  if (!isPositiveInteger(contexts)) throw invalidArgument('an integer >= 1', 'contexts', contexts);
  return {
    stronglyTyped,
    allowTf32: optionalBoolean(options, 'allowTf32'),
    versionCompatible: optionalBoolean(options, 'versionCompatible'),
    contexts,
    plugins: validatePlugins(options.plugins),
  };
}

function validateHooks(options: BuildOptions): void {
  for (const name of ['onLog', 'onProgress'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') {
      throw invalidArgument('a function', name, options[name]);
    }
  }
}

/**
 * Checks `options` (ERR_INVALID_ARGUMENT with "Expected ... for <name> but
 * received ...") and fills in the defaults.
 */
export function validateBuildOptions(options: BuildOptions): {
  native: NativeBuildOptions;
  maxCalibrationBatches: number;
} {
  if (typeof options !== 'object' || options === null)
    throw invalidArgument('an options object', 'options', options);
  const model = nonEmptyString(options.model, 'model');
  const outputPath = nonEmptyString(options.output, 'output');
  const format = modelFormat({ ...options, model });
  const precision = options.precision ?? 'fp32';
  if (!precisions.includes(precision))
    throw invalidArgument(`one of ${precisions.join(', ')}`, 'precision', precision);
  const workspace = options.workspace ?? 0;
  if (!Number.isSafeInteger(workspace) || workspace < 0)
    throw invalidArgument('a byte count (integer >= 0)', 'workspace', workspace);
  const maxBatchSize = options.maxBatchSize ?? 1;
  if (!isPositiveInteger(maxBatchSize))
    throw invalidArgument('an integer >= 1', 'maxBatchSize', maxBatchSize);
  const dlaCore = options.dlaCore ?? -1;
  if (!Number.isSafeInteger(dlaCore) || dlaCore < -1)
    throw invalidArgument('a DLA core number (integer >= 0)', 'dlaCore', dlaCore);
  const logLevel = options.logLevel ?? 'warning';
  if (!severities.includes(logLevel))
    throw invalidArgument(`one of ${severities.join(', ')}`, 'logLevel', logLevel);
  if (options.gpuFallback !== undefined && typeof options.gpuFallback !== 'boolean') {
    throw invalidArgument('a boolean', 'gpuFallback', options.gpuFallback);
  }
  const profiles = Object.entries(options.profiles ?? {}).map(([input, range]) => ({
    input,
    ...validateRange(range, `profiles.${input}`),
  }));
  if (format === 'uff' && (profiles.length > 0 || options.batch !== undefined)) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      'UFF models have an implicit batch: use maxBatchSize, not profiles or batch',
    );
  }
  validateHooks(options);
  const { maxBatches, ...calibration } = validateCalibration(options);
  return {
    native: {
      modelPath: path.resolve(model),
      modelFormat: format,
      outputPath: path.resolve(outputPath),
      ...validateUff(options, format),
      maxBatchSize,
      precision,
      ...validateTyping(options, precision),
      workspaceBytes: workspace,
      timingCachePath:
        options.timingCache === undefined
          ? ''
          : path.resolve(nonEmptyString(options.timingCache, 'timingCache')),
      dlaCore,
      gpuFallback: options.gpuFallback ?? true,
      profiles,
      batch: validateBatch(options.batch),
      calibration: calibration.calibration,
      calibrationCachePath:
        calibration.calibrationCachePath && path.resolve(calibration.calibrationCachePath),
      logLevel,
    },
    maxCalibrationBatches: maxBatches,
  };
}
