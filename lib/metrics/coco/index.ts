export { CocoEvaluator, type CocoCategoryResult, type CocoSummary } from './evaluator.js';
export { type CocoId, compareIds, formatId, isCocoId } from './ids.js';
export {
  loadGroundTruthFile,
  parseGroundTruth,
  parseGroundTruthJson,
  type CocoCategory,
  type CocoGroundTruth,
  type CocoImage,
  type GroundTruthBoxes,
} from './ground-truth.js';
export {
  loadResultsFile,
  loadResultsFiles,
  parseResults,
  parseResultsJson,
  ResultsBuilder,
  type CocoDetection,
  type CocoResults,
  type DetectionBatch,
} from './results.js';
export {
  defaultAreaLabels,
  defaultAreaRanges,
  defaultIouThresholds,
  defaultRecallThresholds,
  type AreaRange,
  type CocoParams,
  type CocoParamsInput,
} from './params.js';
export type { CocoAccumulation } from './accumulate.js';
export { formatSummaryLine, standardQueries, type SummaryQuery } from './summarize.js';
export { evaluateCoco, type CocoEvaluation } from './evaluate.js';
