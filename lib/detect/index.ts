/** Detector output decoding and NMS, pure TypeScript (never loads the native addon). */
export { Candidates } from './candidates.js';
export { type CategoryMap, type Decoder } from './decoder.js';
export { YoloDecoder, type YoloHead, type YoloDecoderOptions } from './yolo.js';
export { FastestDetDecoder, type FastestDetDecoderOptions } from './fastestdet.js';
export { SsdDecoder, NmsTrtDecoder, type SsdDecoderOptions } from './ssd.js';
export { PluginNmsDecoder, efficientNmsDecoder, batchedNmsDecoder } from './trt-nms.js';
export { clipAndDropEmpty, dropBelow, mapToSource } from './geometry.js';
export {
  type NmsOptions,
  boxDiou,
  boxIou,
  nonMaximumSuppression,
  orderByScore,
  topDetections,
} from './nms.js';
export { Postprocessor, type PostprocessOptions } from './postprocess.js';
export {
  type Preset,
  type PresetName,
  guessPreset,
  presetNames,
  resolvePreset,
} from './presets.js';
export type { InputSpec, ModelDescription, TensorDescription } from './model.js';
export type { Detections, InputPlacement, ModelOutput, ModelOutputs } from './types.js';
