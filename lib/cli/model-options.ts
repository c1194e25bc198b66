import { TrtmapError } from '../errors.js';
import type { DatasetFiles } from '../pipeline/evaluate.js';
import { backendChoices, type BackendChoice } from '../backends/backend.js';
import { presetNames, type PresetName } from '../detect/presets.js';
import type { ModelFiles } from '../pipeline/model.js';
import { type OptionSpecs, type ParsedArgs, choiceOption, numberOption } from './args.js';

/** Options `eval` and `detect` share: how to run the model. */
export const runOptions: OptionSpecs = {
  preset: {
    type: 'string',
    valueName: presetNames.join('|'),
    description: "the model's pre/post-processing contract (default: guessed from the model)",
  },
  backend: {
    type: 'string',
    valueName: 'auto|tensorrt|onnxruntime',
    description: 'auto (default): TensorRT when it can run the model, else ONNX Runtime (CPU)',
  },
  conf: { type: 'string', valueName: 't', description: 'score threshold' },
  threads: { type: 'string', valueName: 'n', description: 'ONNX Runtime threads per operator' },
};

export function parseRunOptions(parsed: ParsedArgs): {
  preset?: PresetName;
  backend: BackendChoice;
  scoreThreshold?: number;
  threads?: number;
} {
  const conf = parsed.values.has('conf')
    ? numberOption(parsed, 'conf', 0, (v) => v >= 0 && v <= 1, 'a number in [0, 1]')
    : undefined;
  const threads = parsed.values.has('threads')
    ? numberOption(parsed, 'threads', 0, (v) => Number.isInteger(v) && v > 0, 'a positive integer')
    : undefined;
  return {
    preset: choiceOption(parsed, 'preset', presetNames),
    backend: choiceOption(parsed, 'backend', backendChoices) ?? 'auto',
    scoreThreshold: conf,
    threads,
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
