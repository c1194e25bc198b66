import { TrtmapError } from '../errors.js';
import { defaultRounding } from '../image/spec.js';
import { builtInClassList } from './class-lists.js';
import { resolveClasses } from './classes.js';
import { readModelConfig } from './config-file.js';
import { type Layer, mergeLayers } from './layers.js';
import { metadataOf } from './metadata.js';
import { describeTensor, type ModelDescription } from './model.js';
import { checkInput, imageInput, inputFromTensor } from './model-input.js';
import { type Preset, defaultPresetOf, findPreset } from './presets.js';
import { type Binding, bindOutputs } from './roles.js';
import { detectFamily } from './signature.js';
import type {
  Family,
  InputContract,
  ModelContract,
  OutputContract,
  PartialContract,
  PostprocessContract,
} from './types.js';
import { checkOutputs, modelClassCount } from './validate.js';

/** What a command asks of the contract, besides the model. */
export interface ContractRequest {
  /** --preset (also settable in the config file and the flags). */
  preset?: string;
  /** --model-config file (YAML or JSON). */
  configFile?: string;
  /** The command line's values: the strongest layer. */
  flags?: PartialContract;
  /** Which flag set each value ('postprocess.iou' -> '--iou'). */
  flagSources?: Readonly<Record<string, string>>;
  /** A contract resolved before, taken whole (compare's TensorRT legs evaluate exactly as its reference leg). */
  fixed?: ModelContract;
}

export interface ResolvedContract {
  contract: ModelContract;
  /** Where each value came from, by path ('input.width' -> 'model input images [1, 3, 640, 640]'). */
  sources: Record<string, string>;
  /** What was decided and why (auto-detection), for the user. */
  notes: string[];
}

/** trtmap's own defaults: the weakest layer. */
export const trtmapDefaults: PartialContract = {
  input: {
    layout: 'nchw',
    dtype: 'float32',
    channels: 3,
    channelOrder: 'rgb',
    resize: 'stretch',
    anchor: 'center',
    padValue: 114,
    interpolation: 'bilinear',
    scale: 1 / 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
  },
  postprocess: {
    conf: 0.001,
    nms: 'class-aware',
    iou: 0.45,
    maxDet: 100,
    maxCandidates: null,
    clip: 'before-nms',
  },
  classes: { source: 'coco80' },
};

/**
 * Resolves a model's contract: trtmap's defaults, then the preset (named, or
 * the detected family's), the model's metadata, its input tensor and output
 * signature, the config file and the flags, each later one winning; then
 * checks it against the model. Auto-detection and its reason go to `notes`.
 */
export function resolveContract(
  model: ModelDescription,
  request: ContractRequest = {},
): ResolvedContract {
  if (request.fixed !== undefined) return resolveFixed(model, request.fixed);
  const config = request.configFile !== undefined ? readModelConfig(request.configFile) : undefined;
  const flags = request.flags ?? {};
  const metadata = metadataOf(model);
  const explicit = mergeLayers([
    ...(config ? [{ source: 'config', values: config }] : []),
    { source: 'flags', values: flags },
  ]).values;
  const input = imageInput(model, explicit.input?.name);
  const fromTensor = inputFromTensor(input);
  const notes: string[] = [];
  const { family, preset, binding } = choose(
    model,
    request.preset ?? explicit.preset,
    explicit,
    {
      inputWidth: explicit.input?.width ?? fromTensor.width ?? metadata.values?.input?.width,
      inputHeight: explicit.input?.height ?? fromTensor.height ?? metadata.values?.input?.height,
      classCount: classCountOf(explicit.classes?.source) ?? metadata.ultralytics?.names?.length,
      ultralytics: metadata.ultralytics,
    },
    notes,
  );
  const tensorSource = `model input ${describeTensor(input)}`;
  const layers: Layer[] = [
    { source: 'trtmap default', values: trtmapDefaults },
    ...(preset
      ? [{ source: `preset ${preset.name}`, values: { ...preset.values, preset: preset.name } }]
      : []),
    ...(metadata.values ? [{ source: metadata.source!, values: metadata.values }] : []),
    ...pluginLayer(model, family),
    { source: tensorSource, values: { input: fromTensor } },
    {
      source: `output signature (${binding.reason})`,
      values: { output: { family, outputs: binding.roles, ...binding.params } },
    },
    ...(config ? [{ source: `--model-config ${request.configFile}`, values: config }] : []),
    { source: 'command line', values: flags, sources: request.flagSources },
  ];
  const merged = mergeLayers(layers);
  fillRounding(merged.values.input ?? {}, merged.sources);
  const contract = complete(merged.values, model, input.name);
  checkInput(contract.input, input);
  checkOutputs(contract, model);
  return { contract, sources: merged.sources, notes };
}

function choose(
  model: ModelDescription,
  presetName: string | undefined,
  explicit: PartialContract,
  context: Parameters<typeof detectFamily>[1],
  notes: string[],
): { family: Family; preset?: Preset; binding: Binding } {
  const given = explicit.output?.outputs ?? {};
  const params = explicit.output ?? {};
  const size = { width: context.inputWidth, height: context.inputHeight };
  let preset = presetName !== undefined ? findPreset(presetName) : undefined;
  const family = explicit.output?.family;
  if (family !== undefined) {
    // A named preset keeps its settings for another family (YOLOX exported with its decode in the graph: --preset yolox --family yolov5).
    preset ??= defaultPresetOf(family);
    return { family, preset, binding: bindOutputs(family, model, given, params, size) };
  }
  if (preset !== undefined) {
    // The preset's first family the outputs fit (ssd-mobilenet-v1: raw SSD outputs or NMS_TRT's).
    let failure: unknown;
    for (const candidate of preset.families) {
      try {
        return {
          family: candidate,
          preset,
          binding: bindOutputs(candidate, model, given, params, size),
        };
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure instanceof TrtmapError)
      throw new TrtmapError(failure.code, `preset ${preset.name}: ${failure.message}`);
    throw failure;
  }
  const guess = detectFamily(model, context);
  const fallback = defaultPresetOf(guess.family);
  notes.push(
    `auto-detected family ${guess.family}: ${guess.reason}; using preset ${fallback?.name ?? '(none)'} (${fallback?.reference ?? 'trtmap defaults'}). Pass --preset or --model-config to say otherwise; --print-config shows every value and where it came from`,
  );
  return {
    family: guess.family,
    preset: fallback,
    binding: bindOutputs(guess.family, model, given, params, size),
  };
}

/**
 * An in-graph NMS plugin's own IoU and output limit, for the record: with NMS
 * in the graph these, not trtmap's, decide the detections.
 */
function pluginLayer(model: ModelDescription, family: Family): Layer[] {
  const node = model.nmsPlugins?.[0];
  if (node === undefined || (family !== 'efficientnms' && family !== 'nms-trt')) return [];
  const a = node.attributes;
  const iou = a.iou_threshold ?? a.iouThreshold ?? a.nmsThreshold;
  const limit = a.max_output_boxes ?? a.keepTopK;
  const postprocess: Partial<PostprocessContract> = {};
  if (iou !== undefined) postprocess.iou = Number(iou.toPrecision(6));
  if (limit !== undefined) postprocess.maxDet = limit;
  return [{ source: `model graph (${node.opType} attributes)`, values: { postprocess } }];
}

/**
 * The rounding of a placement no layer named: lib/image's default for that
 * resize and interpolation (darknet's integer sizes, YOLOX's int() for
 * keep-ratio, round() otherwise), said so in --print-config.
 */
export function fillRounding(input: Partial<InputContract>, sources: Record<string, string>): void {
  if (input.rounding !== undefined) return;
  const resize = input.resize ?? 'stretch';
  input.rounding = defaultRounding(input.interpolation ?? 'bilinear', resize);
  sources['input.rounding'] =
    resize === 'stretch'
      ? 'trtmap default (unused: stretch)'
      : `trtmap default for ${input.interpolation === 'darknet' ? 'darknet interpolation' : `resize ${resize}`}`;
}

function classCountOf(source: string | undefined): number | undefined {
  return source === undefined ? undefined : builtInClassList(source)?.names.length;
}

/**
 * The input part of the contract alone (trtmap bench: the tensor to feed,
 * whatever the outputs are): defaults, the named preset, metadata, the input
 * tensor, the config file and the flags.
 */
export function resolveInput(
  model: ModelDescription,
  request: ContractRequest = {},
): { input: InputContract; sources: Record<string, string> } {
  if (request.fixed !== undefined) return { input: request.fixed.input, sources: {} };
  const config = request.configFile !== undefined ? readModelConfig(request.configFile) : undefined;
  const presetName = request.preset ?? request.flags?.preset ?? config?.preset;
  const preset = presetName !== undefined ? findPreset(presetName) : undefined;
  const metadata = metadataOf(model);
  const tensor = imageInput(model, request.flags?.input?.name ?? config?.input?.name);
  const only = (values: PartialContract | undefined): PartialContract => ({ input: values?.input });
  const merged = mergeLayers([
    { source: 'trtmap default', values: only(trtmapDefaults) },
    ...(preset ? [{ source: `preset ${preset.name}`, values: only(preset.values) }] : []),
    ...(metadata.values ? [{ source: metadata.source!, values: only(metadata.values) }] : []),
    { source: `model input ${describeTensor(tensor)}`, values: { input: inputFromTensor(tensor) } },
    ...(config ? [{ source: `--model-config ${request.configFile}`, values: only(config) }] : []),
    { source: 'command line', values: only(request.flags), sources: request.flagSources },
  ]);
  const input = merged.values.input as Partial<InputContract>;
  fillRounding(input, merged.sources);
  if (input.width === undefined || input.height === undefined) {
    throw new TrtmapError(
      'ERR_MODEL_CONTRACT',
      `the input size of ${model.path ?? 'the model'} is unknown: input ${tensor.name} has dynamic dimensions and no metadata tells; pass --input-size WxH`,
    );
  }
  const complete = { ...(input as InputContract), name: tensor.name };
  checkInput(complete, tensor);
  return { input: complete, sources: merged.sources };
}

/** The merged values as a full contract; a value nothing supplied (a dynamic input size) is an error saying which flag sets it. */
function complete(
  values: PartialContract,
  model: ModelDescription,
  inputName: string,
): ModelContract {
  const input = values.input as Partial<InputContract>;
  if (input.width === undefined || input.height === undefined) {
    throw new TrtmapError(
      'ERR_MODEL_CONTRACT',
      `the input size of ${model.path ?? 'the model'} is unknown: input ${inputName} has dynamic dimensions and no metadata tells; pass --input-size WxH`,
    );
  }
  const output = values.output as OutputContract;
  const draft: ModelContract = {
    ...(values.preset !== undefined ? { preset: values.preset } : {}),
    input: { ...(input as InputContract), name: inputName },
    output: { ...output, outputs: output.outputs ?? {} },
    postprocess: values.postprocess as PostprocessContract,
    classes: { source: '', names: [], match: 'id' },
  };
  const count = modelClassCount(draft, model)?.count;
  draft.classes = resolveClasses(values.classes ?? {}, count);
  return draft;
}

/** A contract taken whole (compare's engine legs): its roles and input must still fit this model. */
function resolveFixed(model: ModelDescription, fixed: ModelContract): ResolvedContract {
  const input = imageInput(model, fixed.input.name);
  checkInput(fixed.input, input);
  bindOutputs(fixed.output.family, model, fixed.output.outputs, fixed.output);
  checkOutputs(fixed, model);
  const sources: Record<string, string> = {};
  return { contract: fixed, sources, notes: [] };
}
