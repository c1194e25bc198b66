import type { CocoAccumulation } from './accumulate.js';
import { CocoEvaluator, type CocoSummary } from './evaluator.js';
import { type CocoGroundTruth, loadGroundTruthFile, parseGroundTruth } from './ground-truth.js';
import type { CocoParams, CocoParamsInput } from './params.js';
import { type CocoResults, loadResultsFile, parseResults } from './results.js';

export interface CocoEvaluation extends CocoSummary {
  params: CocoParams;
  accumulation: CocoAccumulation;
  groundTruth: CocoGroundTruth;
}

/**
 * COCO() + loadRes() + COCOeval(gt, dt, 'bbox').evaluate().accumulate().summarize()
 * in one call. Ground truth and results may be file paths or parsed objects.
 */
export function evaluateCoco(
  groundTruth: string | CocoGroundTruth | object,
  results: string | CocoResults | readonly object[],
  params: CocoParamsInput = {},
): CocoEvaluation {
  const gt =
    typeof groundTruth === 'string'
      ? loadGroundTruthFile(groundTruth)
      : isLoaded(groundTruth)
        ? groundTruth
        : parseGroundTruth(groundTruth);
  const dt =
    typeof results === 'string'
      ? loadResultsFile(results, gt)
      : Array.isArray(results)
        ? parseResults(results, gt)
        : (results as CocoResults);
  const evaluator = new CocoEvaluator(gt, params);
  evaluator.addResults(dt);
  const summary = evaluator.summarize();
  return {
    ...summary,
    params: evaluator.params,
    accumulation: evaluator.accumulate(),
    groundTruth: gt,
  };
}

function isLoaded(value: object): value is CocoGroundTruth {
  return 'annotationIndexById' in value && 'annotations' in value;
}
