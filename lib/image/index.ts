export { decodeImage, type DecodedImage, type DecodeOptions } from './decode.js';
export {
  normalizePreprocessSpec,
  imageTensorBytes,
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
export { toSourceBox, type BoxTransform } from './transform.js';
