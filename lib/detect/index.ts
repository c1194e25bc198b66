/** Detector output decoding and NMS, pure TypeScript (never loads the native addon). */
export { Candidates } from './candidates.js';
export { type CategoryMap, type Decoder, type ScoreComparison } from './decoder.js';
export { YoloDecoder, type YoloHead, type YoloDecoderOptions } from './yolo.js';
export { FastestDetDecoder, type FastestDetDecoderOptions } from './fastestdet.js';
export {
  SsdDecoder,
  NmsTrtDecoder,
  keepCountOf,
  type SsdDecoderOptions,
  type NmsTrtDecoderOptions,
} from './ssd.js';
export {
  PluginNmsDecoder,
  efficientNmsDecoder,
  batchedNmsDecoder,
  type PluginNmsDecoderOptions,
} from './trt-nms.js';
export { AnchorRowsDecoder, type AnchorRowsDecoderOptions } from './anchor-rows.js';
export { YoloxDecoder, type YoloxDecoderOptions } from './yolox.js';
export { GflDecoder, type GflDecoderOptions } from './gfl.js';
export { DetectionRowsDecoder, type DetectionRowsDecoderOptions } from './detection-rows.js';
export { YoloLayerDecoder, type YoloLayerDecoderOptions } from './yolo-layer.js';
export { DetrDecoder, type DetrDecoderOptions } from './detr.js';
export {
  UserDecoder,
  type UserDecodeFunction,
  type UserDecoderContext,
  type UserDecoderOptions,
  type UserDetection,
  type UserDetectionArrays,
} from './user-decoder.js';
export { type GridLevel, gridLevels, strideOfCells } from './grid.js';
export { clipAndDropEmpty, clipBoxes, dropBelow, mapToSource } from './geometry.js';
export {
  type NmsOptions,
  boxDiou,
  boxIou,
  boxIouWithOffset,
  nonMaximumSuppression,
  orderByScore,
  topDetections,
} from './nms.js';
export { Postprocessor, type ClipRule, type PostprocessOptions } from './postprocess.js';
export type { Detections, InputPlacement, ModelOutput, ModelOutputs } from './types.js';
