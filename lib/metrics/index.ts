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
export { readJsonFile, readJsonFileRecords } from './json-file.js';
export { type JsonRecordHandler, parseJsonRecords, parseJsonValue } from './json-records.js';
export { stringifyJson } from './json-write.js';
