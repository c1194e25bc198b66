/** Darknet cfg + weights to ONNX, in pure TypeScript (never loads the native addon). */
export { parseCfg, type CfgSection, type CfgOption } from './cfg.js';
export { parseNetwork, type NetworkOptions } from './network.js';
export * from './layers.js';
export {
  readWeights,
  type DarknetWeights,
  type ConvolutionalWeights,
  type WeightsHeader,
} from './weights.js';
export { foldBatchNorm, DARKNET_BATCH_NORM_EPSILON } from './batch-norm.js';
export {
  convertDarknet,
  INPUT_NAME,
  type ConvertOptions,
  type ConversionResult,
} from './to-onnx.js';
export { convertDarknetFiles, type DarknetFilesConversion } from './files.js';
export {
  DECODER_METADATA_KEY,
  readDecoderMetadata,
  type YoloDecoderMetadata,
  type YoloHeadMetadata,
} from './metadata.js';
export { mismatchWarnings } from './warnings.js';
