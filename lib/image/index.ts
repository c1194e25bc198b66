export { decodeImage, type DecodedImage, type DecodeOptions } from './decode.js';
export {
  normalizePreprocessSpec,
  imageTensorBytes,
  elementBytes,
  tensorShape,
  type PreprocessSpec,
  type NormalizedPreprocessSpec,
} from './spec.js';
export {
  preprocessOnCpu,
  CudaPreprocessor,
  tensorView,
  type PreprocessResult,
} from './preprocess.js';
export { toSourceBox, type BoxTransform, type ImagePlacement } from './transform.js';
export {
  drawDetections,
  drawRectangle,
  drawText,
  fillRectangle,
  classColor,
  textColorOn,
  textSize,
  type RasterImage,
  type Color,
  type DrawnDetection,
  type DrawOptions,
} from './draw.js';
export {
  encodeImage,
  saveImage,
  rasterOf,
  formatOfPath,
  type EncodeOptions,
  type EncodedFormat,
} from './encode.js';
