/**
 * What practitioners read off an evaluation beyond the twelve numbers:
 * per-class and per-size tables, operating points (Ultralytics' definitions),
 * the confusion matrix (Ultralytics'), and TIDE's error breakdown. Pure
 * TypeScript on top of lib/metrics' own evaluation.
 */
export {
  analyzeCoco,
  analyzeVoc,
  detectionsByImage,
  type AnalysisOptions,
  type CocoAnalysis,
  type VocAnalysis,
  type VocClassRow,
} from './analyze.js';
export { cocoClassRows, type CocoClassRow, type SizeFigures } from './class-table.js';
export { confusionMatrix, type ConfusionMatrix } from './confusion-matrix.js';
export {
  boxSmooth,
  interp,
  operatingPoints,
  type ClassOperatingPoint,
  type OperatingPoints,
  type PrecisionRecall,
} from './operating-points.js';
export { cocoOutcomes, vocOutcomes, type ClassOutcomes } from './outcomes.js';
export {
  tideBreakdown,
  tideThresholds,
  type ErrorFigures,
  type TideBreakdown,
  type TideRun,
} from './tide.js';
export { tideErrorTypes, type TideErrorType } from './tide-image.js';
export {
  analysisCsv,
  formatCocoClassTable,
  formatConfusion,
  formatOperatingPoints,
  formatTide,
  formatVocClassTable,
} from './format.js';
export { prCurvesAt50, type PrCurves } from './pr-curves.js';
