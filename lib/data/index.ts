/** Datasets and category maps, pure TypeScript (never loads the native addon). */
export { type Dataset, type DatasetImage, type DatasetSelection, selectImages } from './dataset.js';
export { openCocoDataset } from './coco-dataset.js';
export { openVocDataset, type VocDatasetOptions } from './voc-dataset.js';
export { readAhead, type Loaded } from './read-ahead.js';
export {
  cocoCategoryIds,
  cocoClassIndexOfId,
  cocoClassNames,
  cocoIdOfVocClass,
  parseNamesFile,
  readNamesFile,
  vocClassOfCocoId,
} from './categories.js';
export { vocClassNames } from './voc-classes.js';
export { decodeText, readTextFile, readTextFileSync, type TextOptions } from './text.js';
