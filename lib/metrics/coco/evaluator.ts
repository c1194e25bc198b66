import { TrtmapError } from '../../errors.js';
import { cocoClassRows, type CocoClassRow } from '../analysis/class-table.js';
import { accumulate, type CocoAccumulation } from './accumulate.js';
import { evaluateImageCategory } from './evaluate-image.js';
import { EvaluationStore } from './evaluation-store.js';
import { evaluateInWorkers } from './parallel.js';
import type { CocoGroundTruth } from './ground-truth.js';
import { type CocoId, canonicalId, formatId } from './ids.js';
import { type CocoParams, type CocoParamsInput, resolveParams } from './params.js';
import {
  checkImageIds,
  type CocoDetection,
  type CocoResults,
  type DetectionBatch,
} from './results.js';
import {
  formatSummaryLine,
  standardQueries,
  summaryValue,
  type SummaryQuery,
} from './summarize.js';

/**
 * One category's figures (area 'all' unless per size): AP@[.5:.95], AP50,
 * AP75, AR@100, AP and AR per size, ground truths that count (crowds
 * excluded) and detections evaluated; -1 where undefined.
 */
export type CocoCategoryResult = CocoClassRow;

export interface CocoSummary {
  /** The 12 numbers of `COCOeval.stats`. */
  stats: number[];
  /** pycocotools' printout of them, one line each. */
  lines: string[];
  perCategory: CocoCategoryResult[];
}

/**
 * pycocotools' `COCOeval` for bbox, fed one image at a time: construct it with
 * the ground truth, `addImage()` each image's detections as inference
 * produces them (or `addResults()` a whole results file), then
 * `accumulate()` and `summarize()`. Images never added count as images
 * without detections.
 */
export class CocoEvaluator {
  readonly params: CocoParams;
  private readonly imagePosition = new Map<CocoId, number>();
  private readonly categoryPosition = new Map<CocoId, number>();
  /** `_gts` grouped per image, then per category id (pycocotools order). */
  private readonly groundTruthByImage = new Map<CocoId, Map<CocoId, number[]>>();
  private readonly perCategory: EvaluationStore[];
  private readonly knownImages: Set<CocoId>;
  private readonly added = new Set<CocoId>();
  private accumulation: CocoAccumulation | undefined;
  private summary: { of: CocoAccumulation; value: CocoSummary } | undefined;

  constructor(
    readonly groundTruth: CocoGroundTruth,
    params: CocoParamsInput = {},
  ) {
    this.params = resolveParams(params, groundTruth);
    this.params.imgIds.forEach((id, index) => this.imagePosition.set(id, index));
    this.params.catIds.forEach((id, index) => this.categoryPosition.set(id, index));
    this.perCategory = Array.from(
      { length: this.params.useCats ? this.params.catIds.length : 1 },
      () => new EvaluationStore(this.params.areaRng.length, this.params.iouThrs.length),
    );
    this.knownImages = new Set(groundTruth.imageIds);
    this.indexGroundTruth();
  }

  /**
   * `COCOeval._prepare()` for the ground truth: `loadAnns(getAnnIds(imgIds,
   * catIds))` resolves annotations through their ids (a repeated id yields its
   * last annotation) and groups them by that annotation's own image and category.
   */
  private indexGroundTruth(): void {
    const { annotations, annotationsByImage, annotationIndexById } = this.groundTruth;
    for (const imageId of this.params.imgIds) {
      for (const index of annotationsByImage.get(imageId) ?? []) {
        if (this.params.useCats && !this.categoryPosition.has(annotations.categoryId[index]))
          continue;
        const resolved = annotationIndexById.get(annotations.id[index])!;
        const ownImage = annotations.imageId[resolved];
        let byCategory = this.groundTruthByImage.get(ownImage);
        if (byCategory === undefined)
          this.groundTruthByImage.set(ownImage, (byCategory = new Map()));
        const categoryId = annotations.categoryId[resolved];
        const list = byCategory.get(categoryId);
        if (list === undefined) byCategory.set(categoryId, [resolved]);
        else list.push(resolved);
      }
    }
  }

  /** Adds one image's detections (COCO results entries or parallel arrays). */
  addImage(id: CocoId, detections: DetectionBatch | readonly CocoDetection[]): void {
    const imageId = canonicalId(id);
    if (this.added.has(imageId)) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        `detections of image ${formatId(imageId)} were already added`,
      );
    }
    if (!this.knownImages.has(imageId)) checkImageIds([imageId], this.groundTruth, 'detections');
    this.added.add(imageId);
    this.accumulation = undefined;
    const position = this.imagePosition.get(imageId);
    if (position === undefined) return; // outside the evaluated image subset
    this.evaluateImage(
      imageId,
      position,
      Array.isArray(detections) ? toBatch(detections) : (detections as DetectionBatch),
    );
  }

  /** Adds every image of a loaded results file. */
  addResults(results: CocoResults): void {
    this.reserveFor(results);
    for (const [imageId, batch] of results.byImage) this.addImage(imageId, batch);
  }

  /** Sizes each category's store for the detections coming (spares growing by copies). */
  private reserveFor(results: CocoResults): void {
    if (!this.params.useCats) return;
    const detections = new Int32Array(this.perCategory.length);
    for (const batch of results.byImage.values()) {
      for (let d = 0; d < batch.count; d++) {
        const k = this.categoryPosition.get(batch.categoryId[d]);
        if (k !== undefined) detections[k]++;
      }
    }
    // Scores and states are the large arrays; the per-evaluation ones grow cheaply.
    this.perCategory.forEach((store, k) => store.reserve(0, detections[k]));
  }

  /**
   * addResults() for a whole results file across `threads` worker threads
   * (parallel.ts), followed by the accumulation, which the threads also share.
   * Gives exactly the numbers of addResults() + accumulate(). Falls back to
   * the single-threaded path for one thread, useCats off, or an evaluator
   * that already holds images. Throws what addResults() throws, or
   * ERR_INTERNAL when a worker thread fails.
   */
  async addResultsInWorkers(results: CocoResults, threads: number): Promise<void> {
    if (threads <= 1 || !this.params.useCats || this.added.size > 0) {
      this.addResults(results);
      return;
    }
    const unknown = [...results.byImage.keys()].filter((id) => !this.knownImages.has(id));
    if (unknown.length > 0) checkImageIds(unknown, this.groundTruth, 'detections');
    const evaluation = await evaluateInWorkers(
      {
        params: this.params,
        annotations: this.groundTruth.annotations,
        groundTruthByImage: this.groundTruthByImage,
        categoryPosition: this.categoryPosition,
        detectionsOf: (imageId) => results.byImage.get(imageId as number),
      },
      threads,
    );
    this.perCategory.splice(0, this.perCategory.length, ...evaluation.stores);
    for (const imageId of results.byImage.keys()) this.added.add(imageId);
    for (const imageId of this.params.imgIds) this.added.add(imageId);
    this.accumulation = evaluation.accumulation;
  }

  private evaluateImage(
    imageId: CocoId,
    position: number,
    batch: DetectionBatch | undefined,
  ): void {
    const groundTruthByCategory =
      this.groundTruthByImage.get(imageId) ?? new Map<CocoId, number[]>();
    const detectionsByCategory = new Map<CocoId, number[]>();
    for (let d = 0; d < (batch?.count ?? 0); d++) {
      const categoryId = batch!.categoryId[d];
      if (!this.categoryPosition.has(categoryId)) continue;
      const list = detectionsByCategory.get(categoryId);
      if (list === undefined) detectionsByCategory.set(categoryId, [d]);
      else list.push(d);
    }
    for (const [k, groundTruths, detections] of this.groups(
      groundTruthByCategory,
      detectionsByCategory,
    )) {
      const store = this.perCategory[k];
      evaluateImageCategory(
        this.params,
        position,
        this.groundTruth.annotations,
        groundTruths,
        batch,
        detections,
        store,
      );
    }
  }

  /**
   * The (category position, ground truths, detections) pairs of one image
   * that pycocotools evaluates: one per category present when useCats, else
   * all categories pooled in params.catIds order.
   */
  private groups(
    groundTruthByCategory: Map<CocoId, number[]>,
    detectionsByCategory: Map<CocoId, number[]>,
  ): Array<[number, number[], number[]]> {
    if (!this.params.useCats) {
      const groundTruths = this.params.catIds.flatMap((id) => groundTruthByCategory.get(id) ?? []);
      const detections = this.params.catIds.flatMap((id) => detectionsByCategory.get(id) ?? []);
      return groundTruths.length + detections.length === 0 ? [] : [[0, groundTruths, detections]];
    }
    const groups: Array<[number, number[], number[]]> = [];
    for (const categoryId of new Set([
      ...groundTruthByCategory.keys(),
      ...detectionsByCategory.keys(),
    ])) {
      const k = this.categoryPosition.get(categoryId);
      if (k === undefined) continue;
      groups.push([
        k,
        groundTruthByCategory.get(categoryId) ?? [],
        detectionsByCategory.get(categoryId) ?? [],
      ]);
    }
    return groups;
  }

  /** `COCOeval.accumulate()`; images never added are evaluated as having no detections. */
  accumulate(): CocoAccumulation {
    if (this.accumulation) return this.accumulation;
    this.params.imgIds.forEach((imageId, position) => {
      if (!this.added.has(imageId)) {
        this.added.add(imageId);
        this.evaluateImage(imageId, position, undefined);
      }
    });
    this.accumulation = accumulate(this.params, this.perCategory);
    return this.accumulation;
  }

  /** A value of the summary (`_summarize`) for any query, e.g. custom area ranges. */
  summaryValue(query: SummaryQuery): number {
    return summaryValue(this.params, this.accumulate(), query);
  }

  /** `COCOeval.summarize()`: the 12 stats, their printout, and per-category figures. */
  summarize(): CocoSummary {
    const evaluation = this.accumulate();
    // Output code asks more than once (summary, per-class table, analysis); the
    // per-category figures cost K x 10 slices of the accumulation.
    if (this.summary?.of === evaluation) return this.summary.value;
    const queries = standardQueries(this.params);
    const stats = queries.map((query) => summaryValue(this.params, evaluation, query));
    const lines = queries.map((query, index) =>
      formatSummaryLine(this.params, query, stats[index]),
    );
    const value = { stats, lines, perCategory: this.categoryResults(evaluation) };
    this.summary = { of: evaluation, value };
    return value;
  }

  private categoryResults(evaluation: CocoAccumulation): CocoCategoryResult[] {
    const names = new Map(
      this.groundTruth.categories.map((category) => [category.id, category.name]),
    );
    return cocoClassRows(this.params, evaluation, this.perCategory, names);
  }

  /**
   * The per-image evaluations behind the accumulation, one store per
   * category position (one in all when useCats is off): per detection its
   * score and its state at every (area range, IoU threshold). For analyses
   * that read the same matches (operating points); do not modify.
   */
  evaluations(): readonly EvaluationStore[] {
    this.accumulate();
    return this.perCategory;
  }
}

function toBatch(detections: readonly CocoDetection[]): DetectionBatch {
  const count = detections.length;
  const batch = {
    count,
    categoryId: new Array<CocoId>(count),
    score: new Float64Array(count),
    box: new Float64Array(count * 4),
  };
  detections.forEach((detection, d) => {
    batch.categoryId[d] = canonicalId(detection.category_id);
    batch.score[d] = detection.score;
    for (let axis = 0; axis < 4; axis++) batch.box[d * 4 + axis] = detection.bbox[axis];
  });
  return batch;
}
