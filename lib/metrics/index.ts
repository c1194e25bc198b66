export * from './coco/index.js';
export * from './voc/index.js';
export {
  vocToCoco,
  vocFolderToCoco,
  vocDetectionsToCoco,
  cocoResultsToVoc,
  type VocAsCoco,
} from './voc-to-coco.js';
export * from './analysis/index.js';
