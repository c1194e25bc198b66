import { AnchorRowsDecoder } from '../detect/anchor-rows.js';
import type { CategoryMap, Decoder } from '../detect/decoder.js';
import { DetectionRowsDecoder } from '../detect/detection-rows.js';
import { DetrDecoder } from '../detect/detr.js';
import { FastestDetDecoder } from '../detect/fastestdet.js';
import { GflDecoder } from '../detect/gfl.js';
import type { NmsOptions } from '../detect/nms.js';
import type { PostprocessOptions } from '../detect/postprocess.js';
import { NmsTrtDecoder, SsdDecoder } from '../detect/ssd.js';
import { PluginNmsDecoder } from '../detect/trt-nms.js';
import { type UserDecodeFunction, UserDecoder } from '../detect/user-decoder.js';
import { YoloLayerDecoder } from '../detect/yolo-layer.js';
import { YoloDecoder } from '../detect/yolo.js';
import { YoloxDecoder } from '../detect/yolox.js';
import { TrtmapError } from '../errors.js';
import type { ModelDescription } from './model.js';
import type { ResolvedContract } from './resolve.js';
import type { InputContract, ModelContract } from './types.js';
import { loadUserDecoder } from './user-decoder.js';

/** A resolved contract ready to run: what the pipeline needs. */
export interface BoundModel {
  /** The preset (or family) name, for messages and reports. */
  name: string;
  contract: ModelContract;
  inputName: string;
  input: InputContract;
  postprocess: PostprocessOptions;
  /** Model class index -> name. */
  classNames: readonly string[];
  /** The decoder, with classes mapped through `categories` (model class -> dataset category, -1 drops). */
  createDecoder(categories?: CategoryMap): Decoder;
}

/**
 * Binds a resolved contract to its decoder and postprocess options (loading a
 * user decoder module when the family is custom).
 */
export async function bindContract(
  resolved: ResolvedContract,
  model: ModelDescription,
): Promise<BoundModel> {
  const { contract } = resolved;
  const user =
    contract.output.family === 'custom'
      ? await loadUserDecoder(contract.output.decoder)
      : undefined;
  const { postprocess: p } = contract;
  const nms: Omit<NmsOptions, 'maxDetections' | 'diouScaleX' | 'diouScaleY'> = {
    kind: p.nms === 'diou' ? 'diou' : 'iou',
    iouThreshold: p.iou,
    ...(p.beta !== undefined ? { beta: p.beta } : {}),
    ...(p.nms === 'class-agnostic' ? { classAgnostic: true } : {}),
    ...(p.maxCandidates !== null ? { maxCandidates: p.maxCandidates } : {}),
    ...(p.maxPerClass !== undefined ? { maxPerCategory: p.maxPerClass } : {}),
    ...(p.intersectionOffset !== undefined ? { intersectionOffset: p.intersectionOffset } : {}),
  };
  return {
    name: contract.preset ?? contract.output.family,
    contract,
    inputName: contract.input.name,
    input: contract.input,
    postprocess: {
      scoreThreshold: p.conf,
      nms,
      clip: p.clip,
      maxDetections: p.maxDet ?? Infinity,
    },
    classNames: contract.classes.names,
    createDecoder(categories) {
      const decoder = createDecoder(contract, model, categories, user);
      // nms: none on a family that is normally suppressed afterwards: take its outputs as final.
      if (p.nms === 'none' && !decoder.postNms)
        return { postNms: true, decode: decoder.decode.bind(decoder) };
      return decoder;
    },
  };
}

function createDecoder(
  contract: ModelContract,
  model: ModelDescription,
  categories: CategoryMap | undefined,
  user: { decode: UserDecodeFunction; postNms: boolean; source: string } | undefined,
): Decoder {
  const { output, input, postprocess } = contract;
  const roles = output.outputs;
  const one = (role: string) => [roles[role]].flat()[0] as string;
  const list = (role: string) => [roles[role] ?? []].flat();
  const size = { inputWidth: input.width, inputHeight: input.height };
  const multiLabel = postprocess.nms === 'multi-label';
  const comparison = output.scoreComparison;
  const common = { categories, ...(comparison ? { comparison } : {}) };
  switch (output.family) {
    case 'yolov5':
    case 'yolov8':
      return new AnchorRowsDecoder({
        output: one('predictions'),
        objectness: output.family === 'yolov5',
        channelsFirst: output.family === 'yolov8' && output.channelsFirst !== false,
        multiLabel,
        ...common,
      });
    case 'yolox':
      return new YoloxDecoder({
        output: one('predictions'),
        ...size,
        strides: output.strides,
        multiLabel,
        ...common,
      });
    case 'gfl':
      return new GflDecoder({
        ...(roles.combined !== undefined
          ? { combined: one('combined') }
          : { scores: list('scores'), boxes: list('boxes') }),
        ...size,
        strides: output.strides,
        bins: output.bins,
        cellOffset: output.cellOffset ?? 0.5,
        preNmsTopK: output.preNmsTopK,
        scoreActivation: output.scoreActivation === 'sigmoid' ? 'sigmoid' : 'none',
        clipToInput: true,
        multiLabel,
        ...common,
      });
    case 'efficientnms':
      return new PluginNmsDecoder({
        count: one('count'),
        boxes: one('boxes'),
        scores: one('scores'),
        classes: one('classes'),
        normalized: output.normalized ?? false,
        ...size,
        categories,
      });
    case 'nms-trt':
      return new NmsTrtDecoder({
        output: one('detections'),
        keepCount: roles.keepCount === undefined ? undefined : one('keepCount'),
        ...size,
        categories,
      });
    case 'deepstream-yolo':
      return new DetectionRowsDecoder({
        ...(roles.detections !== undefined
          ? { detections: one('detections') }
          : { boxes: one('boxes'), scores: one('scores'), classes: one('classes') }),
        boxFormat: output.boxFormat ?? 'xyxy',
        normalized: output.normalized ?? false,
        ...size,
        clampToInput: !output.nmsInGraph,
        postNms: output.nmsInGraph ?? false,
        ...common,
      });
    case 'yolo-layer':
      return new YoloLayerDecoder({ outputs: list('detections'), ...size, ...common });
    case 'detr':
      return new DetrDecoder({
        boxes: one('boxes'),
        logits: one('logits'),
        activation: output.scoreActivation === 'sigmoid' ? 'sigmoid' : 'softmax',
        multiLabel,
        ...size,
        ...common,
      });
    case 'ssd':
      return new SsdDecoder({
        boxes: one('boxes'),
        scores: one('scores'),
        ...size,
        multiLabel,
        categories,
      });
    case 'fastestdet':
      return new FastestDetDecoder({ output: one('predictions'), ...size, multiLabel, categories });
    case 'darknet': {
      if (model.darknet === undefined)
        throw new TrtmapError(
          'ERR_MODEL_CONTRACT',
          'the darknet family needs a model converted by trtmap (its ONNX metadata says how to decode it): pass --darknet <cfg> <weights> or a file written by `trtmap convert`',
        );
      return new YoloDecoder({
        heads: model.darknet.heads,
        ...size,
        multiLabel: postprocess.nms !== 'class-aware' && postprocess.nms !== 'class-agnostic',
        categories,
      });
    }
    case 'custom':
      return new UserDecoder({ ...user!, ...size, categories });
  }
}
