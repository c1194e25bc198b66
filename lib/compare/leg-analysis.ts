import { analyzeCoco, detectionsByImage } from '../metrics/analysis/analyze.js';
import type { Evaluation } from '../pipeline/evaluate.js';
import type { LegAnalysis } from '../report/result.js';

/**
 * A leg's analysis for the comparison: per-size AP overall and per class,
 * TIDE's breakdown at IoU 0.5 (and its mean over 0.5:0.95), the best-F1
 * point. Computed from the leg's own evaluation (its evaluator and detections).
 */
export function legAnalysis(evaluation: Evaluation): LegAnalysis {
  const { cocoEvaluator, results, coco } = evaluation.scores;
  const analysis = analyzeCoco(cocoEvaluator, detectionsByImage(results));
  const tide = analysis.tide!;
  const best = analysis.operatingPoints.best;
  return {
    apBySize: { small: coco.stats[3], medium: coco.stats[4], large: coco.stats[5] },
    classApBySize: Object.fromEntries(analysis.classes.map((row) => [row.name, row.apBySize])),
    tide: {
      ap: tide.at50.ap,
      dAP: { ...tide.at50.dAP },
      dAPMean: { ...tide.mean.dAP },
      counts: { ...tide.at50.counts },
      countsBySize: { ...tide.at50.countsBySize },
    },
    bestF1: {
      confidence: best.confidence,
      f1: best.f1,
      precision: best.precision,
      recall: best.recall,
    },
  };
}
