/**
 * Pascal VOC evaluation (the devkit's VOCevaldet.m / voc_eval.py), pure
 * TypeScript: never loads the native addon.
 */
export { evaluateVoc } from './evaluate.js';
export {
  allPointAveragePrecision,
  elevenPointAveragePrecision,
  vocAveragePrecision,
} from './average-precision.js';
export { formatVocTable, vocResultToJson, type VocJson } from './format.js';
export { type LoadVocOptions, loadVocGroundTruthFolder, loadVocInputs } from './load.js';
export {
  type VocInputs,
  loadCocoForVoc,
  vocDetectionsFromResults,
  vocInputsFromCoco,
  vocInputsFromParsedCoco,
} from './load-coco.js';
export {
  type VocFolderOptions,
  type VocGroundTruthSet,
  loadVocDetectionTextFolder,
  loadVocGroundTruthTextFolder,
  loadVocAnnotationFolder,
  readImageSet,
} from './load-folders.js';
export { vocDetectionWarnings } from './checks.js';
export { type VocBoxFormat, parseVocDetectionText, parseVocGroundTruthText } from './text-boxes.js';
export type * from './types.js';
