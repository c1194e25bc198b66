import { TrtmapError } from '../errors.js';
import { cocoCategoryIds, cocoIdOfVocClass } from '../data/categories.js';
import { vocClassNames } from '../data/voc-classes.js';
import type { YoloDecoderMetadata } from '../darknet/metadata.js';
import type { CategoryMap, Decoder } from './decoder.js';
import { FastestDetDecoder } from './fastestdet.js';
import type { PostprocessOptions } from './postprocess.js';
import { NmsTrtDecoder, SsdDecoder } from './ssd.js';
import { YoloDecoder } from './yolo.js';
import { type InputSpec, type ModelDescription, checkInput } from './model.js';

/** A model's whole contract: what its input wants and how its outputs become detections. */
export interface Preset {
  name: PresetName;
  inputName: string;
  input: InputSpec;
  postprocess: PostprocessOptions;
  /** `evaluationCategory` maps a COCO category id to the evaluation's (-1 drops the class). */
  createDecoder(evaluationCategory: (cocoId: number) => number): Decoder;
}

export const presetNames = ['ssd-mobilenet-v1', 'fastestdet', 'yolo'] as const;
export type PresetName = (typeof presetNames)[number];

/** The common rules of issue 6: clip, threshold 0.001, greedy class-aware IoU NMS, top 100. */
const common = { scoreThreshold: 0.001, clip: 'before-nms', maxDetections: 100 } as const;

export function resolvePreset(name: PresetName, model: ModelDescription): Preset {
  if (name === 'ssd-mobilenet-v1') return ssdMobilenet(model);
  if (name === 'fastestdet') return fastestDet(model);
  if (name === 'yolo') return yolo(model);
  throw new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `Expected one of ${presetNames.join(', ')} for --preset but received ${JSON.stringify(name)}`,
  );
}

/** The preset a model's outputs identify, when they do: trtmap's YOLO metadata, FastestDet's head, an SSD's boxes/scores. */
export function guessPreset(model: ModelDescription): PresetName | undefined {
  if (model.yolo !== undefined) return 'yolo';
  const names = model.outputs.map((output) => output.name);
  if (names.includes('boxes') && names.includes('scores')) return 'ssd-mobilenet-v1';
  const [only] = model.outputs;
  if (model.outputs.length === 1 && only.shape.length === 4 && only.shape[1] === 85) {
    return 'fastestdet';
  }
  return undefined;
}

function categoryMap(cocoIdOfClass: readonly number[], evaluation: (id: number) => number) {
  return Int32Array.from(cocoIdOfClass, (id) => (id < 0 ? -1 : evaluation(id)));
}

function ssdMobilenet(model: ModelDescription): Preset {
  const input = checkInput(model, 'ssd-mobilenet-v1', 300, 300);
  // Score column k is COCO category id k (labelmap.txt); column 0 is the background.
  const cocoIdOfClass = Array.from({ length: 91 }, (_, k) => (k === 0 ? -1 : k));
  const nmsOutput = model.outputs.find((output) => output.shape[output.shape.length - 1] === 7);
  return {
    name: 'ssd-mobilenet-v1',
    inputName: input.name,
    input: { ...input.spec, channelOrder: 'rgb', scale: 1, mean: 128, std: 128 },
    postprocess: { ...common, nms: { kind: 'iou', iouThreshold: 0.6, maxPerCategory: 100 } },
    createDecoder(evaluation) {
      const categories = categoryMap(cocoIdOfClass, evaluation);
      const size = { inputWidth: 300, inputHeight: 300, categories };
      if (nmsOutput !== undefined) return new NmsTrtDecoder({ output: nmsOutput.name, ...size });
      return new SsdDecoder({ boxes: 'boxes', scores: 'scores', ...size });
    },
  };
}

function fastestDet(model: ModelDescription): Preset {
  const input = checkInput(model, 'fastestdet', 352, 352);
  const output = model.outputs[0].name;
  return {
    name: 'fastestdet',
    inputName: input.name,
    input: { ...input.spec, channelOrder: 'bgr', scale: 1 / 255, mean: 0, std: 1 },
    postprocess: { ...common, nms: { kind: 'iou', iouThreshold: 0.45 } },
    createDecoder(evaluation) {
      const categories = categoryMap(cocoCategoryIds, evaluation);
      return new FastestDetDecoder({ output, inputWidth: 352, inputHeight: 352, categories });
    },
  };
}

function yolo(model: ModelDescription): Preset {
  const metadata = model.yolo;
  if (metadata === undefined) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      "the 'yolo' preset needs a darknet model converted by trtmap (its ONNX metadata says how to decode it); pass --darknet <cfg> <weights> or an ONNX file written by `trtmap convert`",
    );
  }
  const input = checkInput(model, 'yolo', metadata.inputWidth, metadata.inputHeight);
  const cocoIdOfClass = yoloCocoIds(metadata);
  return {
    name: 'yolo',
    inputName: input.name,
    input: {
      ...input.spec,
      interpolation: 'darknet',
      // letter_box=1: darknet's letterbox_image pads with 0.5 around the centred image.
      resize: metadata.letterBox ? 'letterbox' : 'stretch',
      padValue: 127.5,
      channelOrder: 'rgb',
      scale: metadata.scale,
      mean: 0,
      std: 1,
    },
    postprocess: {
      scoreThreshold: 0.001,
      clip: 'after-nms',
      maxDetections: 100,
      nms: yoloNms(metadata),
    },
    createDecoder(evaluation) {
      return new YoloDecoder({
        heads: metadata.heads,
        inputWidth: metadata.inputWidth,
        inputHeight: metadata.inputHeight,
        categories: categoryMap(cocoIdOfClass, evaluation),
      });
    },
  };
}

/** darknet's NMS of the model: greedynms = box_diou (exponent 0.6), diounms = box_diounms (beta_nms), else do_nms_sort. */
function yoloNms(metadata: YoloDecoderMetadata): PostprocessOptions['nms'] {
  const iouThreshold = metadata.nmsThreshold;
  if (metadata.nmsKind === 'greedynms') return { kind: 'diou', beta: 0.6, iouThreshold };
  if (metadata.nmsKind === 'diounms') return { kind: 'diou', beta: metadata.betaNms, iouThreshold };
  return { kind: 'iou', iouThreshold };
}

/** 80 classes: COCO in darknet's order; 20: VOC's; otherwise class k is category k + 1. */
function yoloCocoIds(metadata: YoloDecoderMetadata): number[] {
  const classes = metadata.heads[0].classes;
  if (classes === 80) return [...cocoCategoryIds];
  if (classes === 20) return vocClassNames.map((name) => cocoIdOfVocClass[name]);
  return Array.from({ length: classes }, (_, k) => k + 1);
}

export type { CategoryMap };
