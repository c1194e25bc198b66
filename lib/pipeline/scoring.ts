import type { Dataset, DatasetImage } from '../data/dataset.js';
import type { Detections } from '../detect/types.js';
import { TrtmapError } from '../errors.js';
import type { CocoAccumulation } from '../metrics/coco/accumulate.js';
import { CocoEvaluator, type CocoSummary } from '../metrics/coco/evaluator.js';
import type { CocoParams } from '../metrics/coco/params.js';
import type { CocoId } from '../metrics/coco/ids.js';
import { type CocoDetection, parseResults } from '../metrics/coco/results.js';
import { evaluateVoc } from '../metrics/voc/evaluate.js';
import { vocInputsFromParsedCoco } from '../metrics/voc/load-coco.js';
import type { VocDetection, VocGroundTruthBox, VocResult } from '../metrics/voc/types.js';

export interface Scores {
  coco: CocoSummary;
  voc: VocResult;
  results: CocoDetection[];
  /** pycocotools' `eval` arrays and the `Params` they index (PR curves for the reports). */
  cocoAccumulation: CocoAccumulation;
  cocoParams: CocoParams;
  /** The evaluator itself, for analyses that read its matches (lib/metrics/analysis). */
  cocoEvaluator: CocoEvaluator;
}

/**
 * Scores detections while inference runs: each image goes to the COCO
 * evaluator as it arrives (pycocotools' per-image evaluation), and the
 * detections are kept in COCO results form for `--results` and for VOC, whose
 * per-class ranking needs them all. Only the selected images are evaluated,
 * so `--limit` and `--shard` score what they ran.
 */
export class DatasetScorer {
  private readonly coco: CocoEvaluator;
  readonly results: CocoDetection[] = [];
  /** VOC datasets: the detections with their corners as computed (no x + w round trip). */
  private readonly vocDetections: VocDetection[] = [];
  private readonly className: Map<CocoId, string>;

  constructor(
    private readonly dataset: Dataset,
    private readonly selected: readonly DatasetImage[],
  ) {
    this.coco = new CocoEvaluator(dataset.groundTruth, {
      imgIds: selected.map((image) => image.id),
    });
    this.className = new Map(
      dataset.groundTruth.categories.map((category) => [category.id, category.name]),
    );
  }

  /** Adds an image's detections (corners in pixels); returns how many were added. */
  add(image: DatasetImage, detections: Detections): number {
    const { count, boxes, scores, categories } = detections;
    const box = new Float64Array(count * 4);
    for (let d = 0; d < count; d++) {
      const at = d * 4;
      box[at] = boxes[at];
      box[at + 1] = boxes[at + 1];
      box[at + 2] = boxes[at + 2] - boxes[at];
      box[at + 3] = boxes[at + 3] - boxes[at + 1];
      this.results.push({
        image_id: image.id,
        category_id: categories[d],
        score: scores[d],
        bbox: [box[at], box[at + 1], box[at + 2], box[at + 3]],
      });
      if (this.dataset.voc) this.addVocDetection(image.name, detections, d);
    }
    this.coco.addImage(image.id, { count, categoryId: categories, score: scores, box });
    return count;
  }

  finish(): Scores {
    return {
      coco: this.coco.summarize(),
      voc: this.scoreVoc(),
      results: this.results,
      cocoAccumulation: this.coco.accumulate(), // cached by summarize(): no second pass
      cocoParams: this.coco.params,
      cocoEvaluator: this.coco,
    };
  }

  /** VOC all-point mAP@0.5 with the devkit's conventions (>=, +1 pixel), over the selected images. */
  private scoreVoc(): VocResult {
    const { groundTruth, detections, classNames } = this.vocInputs();
    const names = new Set(this.selected.map((image) => this.vocImageId(image)));
    return evaluateVoc(
      groundTruth.filter((box) => names.has(box.imageId)),
      detections,
      { classNames },
    );
  }

  private vocImageId(image: DatasetImage): string {
    return this.dataset.voc ? image.name : String(image.id);
  }

  private vocInputs(): {
    groundTruth: VocGroundTruthBox[];
    detections: VocDetection[];
    classNames: string[];
  } {
    const voc = this.dataset.voc;
    if (voc === undefined) {
      // A COCO dataset: the metrics' own COCO -> VOC reading (crowd boxes count as difficult).
      const known = this.results.filter((result) => this.className.has(result.category_id));
      const { groundTruth } = this.dataset;
      return vocInputsFromParsedCoco(groundTruth, parseResults(known, groundTruth, '<detections>'));
    }
    return {
      groundTruth: voc.groundTruth,
      detections: this.vocDetections,
      classNames: voc.classNames,
    };
  }

  private addVocDetection(imageId: string, detections: Detections, d: number): void {
    const className = this.className.get(detections.categories[d]);
    if (className === undefined) {
      throw new TrtmapError(
        'ERR_INTERNAL',
        `category ${detections.categories[d]} is not in the dataset`,
      );
    }
    const at = d * 4;
    this.vocDetections.push({
      imageId,
      className,
      confidence: detections.scores[d],
      x1: detections.boxes[at],
      y1: detections.boxes[at + 1],
      x2: detections.boxes[at + 2],
      y2: detections.boxes[at + 3],
    });
  }
}
