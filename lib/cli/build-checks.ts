import { readFileSync, statSync } from 'node:fs';
import { TrtmapError } from '../errors.js';
import { decodeModel, toNumber } from '../onnx/proto.js';
import type { BuildOptions, ShapeRange } from '../trt/index.js';
import type { ParsedArgs } from './args.js';
import type { IneffectiveRule } from './ineffective-options.js';

/**
 * `trtmap build`'s options checked in the command line's own words, before
 * TensorRT is looked for: the API's checks name API fields (`batch`,
 * `uff.inputDims`, `maxBatchSize`) and some combinations can only fail on
 * the target (or do nothing there). Errors are ERR_INVALID_ARGUMENT;
 * options that change nothing are warnings.
 */

const invalid = (message: string) => new TrtmapError('ERR_INVALID_ARGUMENT', message);
const isPositiveInteger = (value: number) => Number.isSafeInteger(value) && value > 0;

/** `--batch min[,opt[,max]]`: 1 to 3 integers >= 1, min <= opt <= max (opt, max default to the one before). */
export function parseBatchRange(text: string): { min: number; opt: number; max: number } {
  const values = text.split(',').map((part) => Number(part.trim()));
  if (text.trim() === '' || values.length > 3 || !values.every(isPositiveInteger))
    throw invalid(
      `Expected min,opt,max batch sizes (1 to 3 integers >= 1, e.g. 1,4,8) for --batch but received ${JSON.stringify(text)}`,
    );
  const [min, opt = min, max = opt] = values as [number, number?, number?];
  if (!(min <= opt && opt <= max))
    throw invalid(
      `Expected min <= opt <= max for --batch (the smallest batch, the one to tune for, the largest) but received ${JSON.stringify(text)}`,
    );
  return { min, opt, max };
}

function shapeOf(text: string, entry: string): number[] {
  const values = text.split(/[x,]/).map(Number);
  if (text === '' || !values.every(isPositiveInteger))
    throw invalid(
      `Expected name=min:opt:max with shapes like 1x3x416x416 for --shape but received ${JSON.stringify(entry)}`,
    );
  return values;
}

/** `--shape name=min:opt:max` (shapes `1x3x416x416`): same rank, min <= opt <= max in every dimension. */
export function parseShapeRange(entry: string): [string, ShapeRange] {
  const match = /^([^=]+)=([^:]+):([^:]+):([^:]+)$/.exec(entry);
  if (match === null)
    throw invalid(`Expected name=min:opt:max for --shape but received ${JSON.stringify(entry)}`);
  const [min, opt, max] = [match[2]!, match[3]!, match[4]!].map((text) => shapeOf(text, entry));
  if (opt!.length !== min!.length || max!.length !== min!.length)
    throw invalid(
      `Expected min, opt and max shapes of the same rank for --shape but received ${JSON.stringify(entry)}`,
    );
  if (!min!.every((extent, axis) => extent <= opt![axis]! && opt![axis]! <= max![axis]!))
    throw invalid(
      `Expected min <= opt <= max in every dimension for --shape (smallest:tuned:largest) but received ${JSON.stringify(entry)}`,
    );
  return [match[1]!, { min: min!, opt: opt!, max: max! }];
}

/** `--uff-input name=C,H,W` (nvuffparser's registerInput: three dimensions, no batch). */
export function parseUffInput(text: string): {
  input: string;
  inputDims: [number, number, number];
} {
  const match = /^([^=]+)=(\d+),(\d+),(\d+)$/.exec(text);
  const dims = match ? [match[2], match[3], match[4]].map(Number) : [];
  if (match === null || !dims.every(isPositiveInteger))
    throw invalid(
      `Expected name=C,H,W (the input and its three dimensions, e.g. Input=3,300,300) for --uff-input but received ${JSON.stringify(text)}`,
    );
  return { input: match[1]!, inputDims: dims as [number, number, number] };
}

const given = (parsed: ParsedArgs, option: string) =>
  parsed.values.has(option) || parsed.flags.has(option) || parsed.lists.has(option);

/**
 * Refuses what cannot build (UFF without its input or outputs, profiles on
 * UFF, --strongly-typed on UFF) and returns warnings for options that change
 * nothing (calibration without INT8, --no-gpu-fallback without a DLA core,
 * UFF options on an ONNX model).
 */
export function checkBuildCombination(parsed: ParsedArgs, build: BuildOptions): string[] {
  const uff = /\.uff$/i.test(build.model);
  if (uff) {
    if (!given(parsed, 'uff-input'))
      throw invalid(
        'a UFF model needs --uff-input name=C,H,W (e.g. Input=3,300,300) and --uff-output <name>: UFF files do not record their input shape',
      );
    if (!given(parsed, 'uff-output'))
      throw invalid('a UFF model needs --uff-output <name> (repeatable), e.g. --uff-output NMS');
    if (given(parsed, 'batch') || given(parsed, 'shape'))
      throw invalid(
        '--batch and --shape make optimization profiles, which UFF models (implicit batch) do not have: use --max-batch <n>',
      );
    if (given(parsed, 'strongly-typed'))
      throw invalid(
        '--strongly-typed needs TensorRT 10 or later, which has no UFF parser: build the ONNX model instead',
      );
  }
  const calibrating = build.precision === 'int8' ? '' : 'INT8 calibration is for --precision int8';
  const rules: IneffectiveRule[] = [
    ...['calibration-cache', 'calibration-tensors', 'calibration-batches'].map((option) => ({
      option,
      when: calibrating !== '',
      why: `${calibrating} (this build is ${build.precision})`,
    })),
    {
      option: 'no-gpu-fallback',
      when: build.dlaCore === undefined,
      why: 'GPU fallback is about layers a DLA cannot run: add --dla-core <n>',
    },
    ...['uff-input', 'uff-output', 'uff-input-order', 'max-batch'].map((option) => ({
      option,
      when: !uff,
      why: 'it applies to UFF models; an ONNX model carries its own input shapes (use --batch or --shape for a dynamic batch)',
    })),
  ];
  // ineffectiveOptionWarnings' message, for list options (--uff-output) as well.
  return rules
    .filter(({ option, when }) => when && given(parsed, option))
    .map(({ option, why }) => `--${option} has no effect here: ${why}`);
}

/** An ONNX graph input: name and dimensions (a number when fixed, else its symbolic name). */
export interface OnnxInputShape {
  name: string;
  dims: Array<number | string>;
}

/**
 * The graph inputs of an ONNX model that are not initializers, with their
 * dimensions; [] when the file does not decode as ONNX (TensorRT's parser
 * reports that on the target, in its own words).
 */
export function onnxInputShapes(file: string): OnnxInputShape[] {
  let model;
  try {
    model = decodeModel(readFileSync(file), file);
  } catch {
    return [];
  }
  const initializers = new Set((model.graph?.initializer ?? []).map((tensor) => tensor.name));
  return (model.graph?.input ?? [])
    .filter((input) => !initializers.has(input.name ?? ''))
    .map((input) => ({
      name: input.name ?? '',
      dims: (input.type?.tensorType?.shape?.dim ?? []).map((dim) =>
        dim.dimParam ? dim.dimParam : toNumber(dim.dimValue) > 0 ? toNumber(dim.dimValue) : '?',
      ),
    }));
}

/**
 * What the ONNX model itself rules out: `--batch` when every input has a
 * fixed batch (no profile can change it; TensorRT would fail on the target),
 * and `--calibration-tensors` files smaller than one float32 input.
 */
export function checkAgainstOnnxInputs(build: BuildOptions, inputs: OnnxInputShape[]): void {
  if (build.batch !== undefined && build.batch.max > 1 && inputs.length > 0) {
    const fixed = inputs.filter((input) => typeof input.dims[0] === 'number');
    if (fixed.length === inputs.length)
      throw invalid(
        `--batch ${build.batch.min},${build.batch.opt},${build.batch.max} needs a dynamic batch dimension, but ${fixed.map((input) => `${input.name} is ${input.dims.join('x')}`).join(', ')} (a fixed batch of ${String(fixed[0]!.dims[0])}): export the model with a dynamic batch (torch.onnx.export dynamic_axes; Ultralytics dynamic=True)`,
      );
  }
}

/** `--calibration-tensors`: at least one float32 sample of the (single, fixed-shape) input. */
export function checkCalibrationTensors(file: string, inputs: OnnxInputShape[]): void {
  if (inputs.length !== 1) return;
  const [input] = inputs;
  const sample = input!.dims.slice(1);
  if (!sample.every((dim) => typeof dim === 'number')) return;
  const bytes = (sample as number[]).reduce((product, dim) => product * dim, 4);
  const size = statSync(file).size;
  if (size < bytes)
    throw invalid(
      `--calibration-tensors ${file} holds ${size} bytes, less than one float32 input of ${input!.name} (${['1', ...sample].join('x')}: ${bytes} bytes): write the preprocessed samples back to back as raw float32`,
    );
}
