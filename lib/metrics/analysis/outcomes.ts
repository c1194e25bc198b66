import { DetectionState } from '../coco/evaluate-image.js';
import type { EvaluationStore } from '../coco/evaluation-store.js';
import type { CocoParams } from '../coco/params.js';
import { argsortDescendingStable } from '../numeric.js';
import type { VocResult } from '../voc/types.js';
import { type CocoId, formatId } from '../coco/ids.js';

/**
 * One class's scored detections at one IoU threshold, ranked as the AP
 * ranks them (descending score; equal scores in the reference's order, which
 * the operating-point curves depend on), and its ground-truth count.
 */
export interface ClassOutcomes {
  id: CocoId;
  name: string;
  /** Detections that count (ignored ones, matched to a crowd or a difficult box, left out). */
  scores: Float64Array;
  /** 1 where the detection is a true positive, in `scores` order. */
  truePositive: Uint8Array;
  /** Ground truths that count (not crowd / not difficult). */
  groundTruths: number;
}

/**
 * Outcomes at IoU 0.5, area 'all', from pycocotools' per-image evaluation
 * (`evaluateImg`'s dtMatches / dtIgnore at t = 0.5, kept in `stores`): what
 * Ultralytics' `ap_per_class` receives as `tp[:, 0]`, except that the
 * matching is pycocotools' (greedy by score per image and category, crowds
 * absorbing detections) and each image keeps at most maxDets detections per
 * category. Ranked as `accumulate()` ranks them: images in imgIds order, each
 * image's detections in its sorted order, then a stable sort by score.
 */
export function cocoOutcomes(
  params: CocoParams,
  stores: readonly EvaluationStore[],
  names: ReadonlyMap<CocoId, string>,
): ClassOutcomes[] {
  const t = params.iouThrs.findIndex((threshold) => Math.abs(threshold - 0.5) < 1e-12);
  const a = Math.max(0, params.areaRngLbl.indexOf('all'));
  const A = params.areaRng.length;
  if (t < 0) return [];
  const ids = params.useCats ? params.catIds : [-1];
  return ids.map((id, k) => {
    const store = stores[k];
    const evaluations = Int32Array.from({ length: store.count }, (_, e) => e).sort(
      (p, q) => store.imageIndex[p] - store.imageIndex[q],
    );
    const scores: number[] = [];
    const flags: number[] = [];
    let groundTruths = 0;
    for (const e of evaluations) {
      groundTruths += store.nonIgnoredGroundTruths[e * A + a];
      const base = store.stateOffset(e, a, t);
      const start = store.detectionStart[e];
      for (let d = 0; d < store.detectionCount[e]; d++) {
        const state = store.states[base + d];
        if (state === DetectionState.Ignored) continue;
        scores.push(store.scores[start + d]);
        flags.push(state === DetectionState.TruePositive ? 1 : 0);
      }
    }
    const order = argsortDescendingStable(scores);
    return {
      id,
      name: names.get(id) ?? (id === -1 ? 'all' : formatId(id)),
      scores: Float64Array.from(order, (i) => scores[i]),
      truePositive: Uint8Array.from(order, (i) => flags[i]),
      groundTruths,
    };
  });
}

/**
 * Outcomes of a VOC evaluation (devkit matching at its IoU; detections on
 * difficult boxes left out). Class ids are 1-based in the result's class
 * order, as `vocFolderToCoco` numbers the same classes' COCO categories.
 */
export function vocOutcomes(result: VocResult): ClassOutcomes[] {
  return result.classes.map((entry, index) => {
    const kept = [...entry.outcome.keys()].filter((rank) => entry.outcome[rank] !== 2);
    return {
      id: index + 1,
      name: entry.className,
      scores: Float64Array.from(kept, (rank) => entry.confidence[rank]),
      truePositive: Uint8Array.from(kept, (rank) => entry.outcome[rank]),
      groundTruths: entry.nGroundTruth,
    };
  });
}
