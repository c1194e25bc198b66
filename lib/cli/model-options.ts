import path from 'node:path';
import { TrtmapError } from '../errors.js';
import { checkDatasetPaths } from './dataset-paths.js';
import type { DatasetFiles } from '../pipeline/evaluate.js';
import { backendChoices, type BackendChoice } from '../backends/backend.js';
import { isFileSource } from '../contract/config-file.js';
import { presetNames } from '../contract/presets.js';
import type { ContractRequest } from '../contract/resolve.js';
import { type PartialContract, families, nmsKinds, roundings } from '../contract/types.js';
import {
  parseChoice,
  parseClasses,
  parseFraction,
  parseIntegerList,
  parseLimit,
  parseNumber,
  parseRoles,
  parseSize,
  parseTriple,
} from '../contract/values.js';
import type { ModelFiles } from '../pipeline/model.js';
import { type OptionSpecs, type ParsedArgs, choiceOption, numberOption } from './args.js';

/**
 * The model contract's flags (lib/contract), shared by eval, detect, compare
 * and bench: the strongest layer of the contract, over --model-config, the
 * model's output signature and metadata, and the preset.
 */
export const contractOptions: OptionSpecs = {
  preset: {
    type: 'string',
    valueName: 'name',
    description: `a model family's settings: ${presetNames.join(', ')} (default: detected from the model)`,
  },
  'model-config': {
    type: 'string',
    valueName: 'file',
    description: 'the model contract as YAML or JSON (see --print-config for its keys)',
  },
  'print-config': {
    type: 'flag',
    description:
      'print the resolved model contract (YAML) and where each value came from, then stop',
  },
  family: { type: 'string', valueName: families.join('|'), description: 'how the outputs decode' },
  outputs: {
    type: 'string',
    valueName: 'role=name,...',
    description: 'which output plays which role, e.g. scores=792,scores=814,boxes=795,boxes=817',
  },
  decoder: {
    type: 'string',
    valueName: 'file.mjs',
    description: 'your own decoder: a module exporting a function of the named outputs',
  },
  'input-size': {
    type: 'string',
    valueName: 'WxH',
    description: 'the input size (dynamic models)',
  },
  resize: {
    type: 'string',
    valueName: 'stretch|letterbox|keep-ratio',
    description: 'how the image fills the input',
  },
  letterbox: { type: 'flag', description: 'same as --resize letterbox' },
  anchor: {
    type: 'string',
    valueName: 'center|top-left',
    description: 'where a letterboxed image sits',
  },
  rounding: {
    type: 'string',
    valueName: roundings.join('|'),
    description:
      'how a letterbox / keep-ratio size w x r becomes pixels: half-even (round(), letterbox()), floor (YOLOX), ceil (yolov5 / Ultralytics val), integer (darknet), none (NanoDet warp)',
  },
  pad: { type: 'string', valueName: 'v', description: 'letterbox border pixel value 0..255' },
  interpolation: {
    type: 'string',
    valueName: 'bilinear|area|darknet|nearest',
    description: 'the resize (area: cv2.INTER_AREA when shrinking, as yolov5)',
  },
  rgb: { type: 'flag', description: 'feed channels in RGB order' },
  bgr: { type: 'flag', description: 'feed channels in BGR order' },
  scale: {
    type: 'string',
    valueName: 'x',
    description: 'value = (pixel x scale - mean) / std, e.g. 1/255',
  },
  mean: { type: 'string', valueName: 'r,g,b', description: 'per-channel mean (after --scale)' },
  std: { type: 'string', valueName: 'r,g,b', description: 'per-channel std' },
  layout: { type: 'string', valueName: 'nchw|nhwc', description: 'input layout' },
  strides: { type: 'string', valueName: 'list', description: 'YOLOX / GFL strides, e.g. 8,16,32' },
  classes: {
    type: 'string',
    valueName: 'coco80|coco91|voc|metadata|file',
    description: 'the model class list (a .names, .txt or .yaml file)',
  },
  'class-match': {
    type: 'string',
    valueName: 'id|name',
    description: "map classes to the dataset's categories by COCO id or by name",
  },
  conf: {
    type: 'string',
    valueName: 't',
    description: 'score threshold (default 0.001; detect: 0.25)',
  },
  nms: { type: 'string', valueName: nmsKinds.join('|'), description: 'NMS kind' },
  iou: {
    type: 'string',
    valueName: 't',
    description:
      'NMS IoU threshold in [0, 1]: a box overlapping a kept one by more is dropped (0: any overlap)',
  },
  'max-det': { type: 'string', valueName: 'n|none', description: 'detections per image at most' },
  'max-candidates': {
    type: 'string',
    valueName: 'n|none',
    description: 'best candidates entering NMS (max_nms)',
  },
};

/** Options `eval`, `detect` and `compare` share: how to run the model and how to read it. */
export const runOptions: OptionSpecs = {
  backend: {
    type: 'string',
    valueName: 'auto|tensorrt|onnxruntime',
    description: 'auto (default): TensorRT when it can run the model, else ONNX Runtime (CPU)',
  },
  threads: { type: 'string', valueName: 'n', description: 'ONNX Runtime threads per operator' },
  ...contractOptions,
};

export function parseRunOptions(parsed: ParsedArgs): {
  backend: BackendChoice;
  threads?: number;
  contract: ContractRequest;
  printConfig: boolean;
  /** --conf as given (detect's default differs). */
  scoreThreshold?: number;
} {
  const threads = parsed.values.has('threads')
    ? numberOption(parsed, 'threads', 0, (v) => Number.isInteger(v) && v > 0, 'a positive integer')
    : undefined;
  const contract = parseContractOptions(parsed);
  return {
    backend: choiceOption(parsed, 'backend', backendChoices) ?? 'auto',
    threads,
    contract,
    printConfig: parsed.flags.has('print-config'),
    scoreThreshold: contract.flags?.postprocess?.conf,
  };
}

/** The contract flags as a ContractRequest, each value remembering its flag for --print-config. */
export function parseContractOptions(parsed: ParsedArgs): ContractRequest {
  const flags: PartialContract = { input: {}, output: {}, postprocess: {} };
  const sources: Record<string, string> = {};
  const input = flags.input!;
  const output = flags.output!;
  const post = flags.postprocess!;
  const value = (name: string, set: (text: string, flag: string) => void, ...paths: string[]) => {
    const text = parsed.values.get(name);
    if (text === undefined) return;
    set(text, `--${name}`);
    for (const p of paths) sources[p] = `--${name}`;
  };
  value('family', (t, f) => (output.family = parseChoice(t, f, families)), 'output.family');
  value('outputs', (t, f) => {
    output.outputs = parseRoles(t, f);
    for (const role of Object.keys(output.outputs)) sources[`output.outputs.${role}`] = f;
  });
  value(
    'decoder',
    (t) => {
      output.decoder = path.resolve(t);
      output.family ??= 'custom';
      sources['output.family'] ??= '--decoder';
    },
    'output.decoder',
  );
  value('strides', (t, f) => (output.strides = parseIntegerList(t, f)), 'output.strides');
  value(
    'input-size',
    (t, f) => Object.assign(input, parseSize(t, f)),
    'input.width',
    'input.height',
  );
  if (parsed.flags.has('letterbox')) {
    input.resize = 'letterbox';
    sources['input.resize'] = '--letterbox';
  }
  value(
    'resize',
    (t, f) => (input.resize = parseChoice(t, f, ['stretch', 'letterbox', 'keep-ratio'] as const)),
    'input.resize',
  );
  value(
    'anchor',
    (t, f) => (input.anchor = parseChoice(t, f, ['center', 'top-left'] as const)),
    'input.anchor',
  );
  value('rounding', (t, f) => (input.rounding = parseChoice(t, f, roundings)), 'input.rounding');
  value('pad', (t, f) => (input.padValue = parseNumber(t, f)), 'input.padValue');
  value(
    'interpolation',
    (t, f) =>
      (input.interpolation = parseChoice(t, f, [
        'bilinear',
        'area',
        'darknet',
        'nearest',
      ] as const)),
    'input.interpolation',
  );
  for (const order of ['rgb', 'bgr'] as const) {
    if (!parsed.flags.has(order)) continue;
    if (input.channelOrder !== undefined)
      throw new TrtmapError('ERR_INVALID_ARGUMENT', 'pass one of --rgb, --bgr');
    input.channelOrder = order;
    sources['input.channelOrder'] = `--${order}`;
  }
  value('scale', (t, f) => (input.scale = parseNumber(t, f)), 'input.scale');
  value('mean', (t, f) => (input.mean = parseTriple(t, f)), 'input.mean');
  value(
    'std',
    (t, f) => {
      input.std = parseTriple(t, f);
      if (input.std.includes(0))
        throw new TrtmapError(
          'ERR_INVALID_ARGUMENT',
          `Expected non-zero numbers for ${f} but received ${JSON.stringify(t)}`,
        );
    },
    'input.std',
  );
  value(
    'layout',
    (t, f) => (input.layout = parseChoice(t, f, ['nchw', 'nhwc'] as const)),
    'input.layout',
  );
  value(
    'classes',
    (t, f) => {
      const classes = parseClasses(t, f);
      if (classes.source !== undefined && isFileSource(classes.source))
        classes.source = path.resolve(classes.source);
      flags.classes = { ...flags.classes, ...classes };
    },
    'classes.source',
  );
  value(
    'class-match',
    (t, f) =>
      (flags.classes = { ...flags.classes, match: parseChoice(t, f, ['id', 'name'] as const) }),
    'classes.match',
  );
  value('conf', (t, f) => (post.conf = parseFraction(t, f)), 'postprocess.conf');
  value('nms', (t, f) => (post.nms = parseChoice(t, f, nmsKinds)), 'postprocess.nms');
  value('iou', (t, f) => (post.iou = parseFraction(t, f)), 'postprocess.iou');
  value('max-det', (t, f) => (post.maxDet = parseLimit(t, f)), 'postprocess.maxDet');
  value(
    'max-candidates',
    (t, f) => (post.maxCandidates = parseLimit(t, f)),
    'postprocess.maxCandidates',
  );
  const preset = parsed.values.get('preset');
  if (preset !== undefined) parseChoice(preset, '--preset', presetNames);
  return {
    preset,
    configFile: parsed.values.get('model-config'),
    flags,
    flagSources: sources,
  };
}

/** A model path: .onnx, .engine/.plan/.trt, or a darknet .cfg (weights beside it unless given). */
export function modelFilesOf(model: string, weights?: string): ModelFiles {
  const lower = model.toLowerCase();
  if (lower.endsWith('.cfg')) {
    return { darknet: { cfg: model, weights: weights ?? model.replace(/\.cfg$/i, '.weights') } };
  }
  if (/\.(engine|plan|trt)$/.test(lower)) return { engine: model };
  return { onnx: model };
}

/** The dataset options `eval` and `compare` share. */
export const datasetOptions: OptionSpecs = {
  coco: { type: 'string', valueName: 'annotations.json', description: 'a COCO instances file' },
  images: { type: 'string', valueName: 'dir', description: 'the COCO image folder' },
  voc: {
    type: 'string',
    valueName: 'dir',
    description: 'a VOC folder (Annotations/, JPEGImages/)',
  },
  split: { type: 'string', valueName: 'name', description: 'VOC: ImageSets/Main/<name>.txt' },
  limit: { type: 'string', valueName: 'n', description: 'evaluate the first n images only' },
  batch: { type: 'string', valueName: 'n', description: 'images per inference' },
};

/** The one dataset given: --coco <annotations> --images <dir>, or --voc <dir> [--split]. */
export function datasetFilesOf(parsed: ParsedArgs, command: string): DatasetFiles {
  const coco = parsed.values.get('coco');
  const voc = parsed.values.get('voc');
  if ((coco === undefined) === (voc === undefined)) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `trtmap ${command} needs one dataset: --coco <annotations> --images <dir>, or --voc <dir>`,
    );
  }
  checkDatasetPaths(coco, voc);
  if (coco !== undefined) {
    const images = parsed.values.get('images');
    if (images === undefined) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        '--coco needs --images <dir>, the folder of its images',
      );
    }
    return { coco: { annotations: coco, images } };
  }
  return { voc: { root: voc!, split: parsed.values.get('split') } };
}
