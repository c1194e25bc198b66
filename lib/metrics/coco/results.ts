import { TrtmapError } from '../../errors.js';
import { GrowableFloat64 } from '../growable.js';
import { readJsonFileRecords } from '../json-file.js';
import { type JsonRecordHandler, parseJsonRecords } from '../json-records.js';
import type { CocoGroundTruth } from './ground-truth.js';
import { type CocoId, canonicalId, formatId, isCocoId } from './ids.js';
import { resultsWarnings } from './results-checks.js';
import { showJson, toFiniteNumber } from './values.js';

/** The detections of one image as parallel arrays, in the order given. */
export interface DetectionBatch {
  count: number;
  categoryId: ArrayLike<CocoId>;
  score: ArrayLike<number>;
  /** [x, y, w, h] per detection, in pixels (COCO results format). */
  box: ArrayLike<number>;
  /** Each detection's position in its results file, when read from one (the order VOC's ties keep). */
  order?: ArrayLike<number>;
}

/** One detection in the COCO results format. */
export interface CocoDetection {
  image_id: CocoId;
  category_id: CocoId;
  bbox: readonly [number, number, number, number] | readonly number[];
  score: number;
}

export interface CocoResults {
  source: string;
  count: number;
  /** Detections per image id, each image's in file order (as `loadRes` indexes them). */
  byImage: Map<CocoId, DetectionBatch>;
  /** Signs of a mistake (unknown categories, corners given as x, y, w, h, no detections). */
  warnings: string[];
}

/**
 * `COCO.loadRes()` for a bbox results file, record by record
 * (json-records.ts: no second copy of a large file, ids exact, any text
 * encoding). ERR_FILE_NOT_FOUND, ERR_PARSE, or ERR_RESULTS naming the entry.
 */
export function loadResultsFile(file: string, groundTruth: CocoGroundTruth): CocoResults {
  const builder = new ResultsBuilder(file);
  readJsonFileRecords(file, 'results', builder.handler());
  return builder.finish(groundTruth);
}

/** loadResultsFile for a file's bytes already in memory (`source` names them in messages). */
export function parseResultsJson(
  bytes: Uint8Array,
  groundTruth: CocoGroundTruth,
  source = '<memory>',
): CocoResults {
  const builder = new ResultsBuilder(source);
  parseJsonRecords(bytes, source, builder.handler());
  return builder.finish(groundTruth);
}

/**
 * Several results files as the shards of one run (`eval --shard i/n
 * --results part-i.json` on n machines), read record by record into one
 * CocoResults that equals the unsharded run's: each image's detections in
 * its file's order, images in the ground truth's order (the order VOC's
 * confidence ties keep). An image with detections in two files is
 * ERR_RESULTS naming both: shards of one run never share an image. One
 * file is loadResultsFile.
 */
export function loadResultsFiles(
  files: readonly string[],
  groundTruth: CocoGroundTruth,
): CocoResults {
  if (files.length === 1) return loadResultsFile(files[0], groundTruth);
  const builder = new ResultsBuilder(files[0]);
  const owner = new Map<CocoId, string>();
  for (const file of files) {
    builder.source = file;
    const first = builder.imageId.length;
    readJsonFileRecords(file, 'results', builder.handler());
    const here = new Set<CocoId>();
    for (let d = first; d < builder.imageId.length; d++) {
      const imageId = builder.imageId[d];
      if (here.has(imageId)) continue;
      const other = owner.get(imageId);
      if (other !== undefined) {
        throw new TrtmapError(
          'ERR_RESULTS',
          `image ${formatId(imageId)} has detections in both ${other} and ${file}: the shards of one run never share an image (a file given twice, or shards of different --shard counts?)`,
          { file },
        );
      }
      here.add(imageId);
      owner.set(imageId, file);
    }
  }
  builder.source = files.join(' + ');
  return builder.finish(groundTruth, { imageOrder: groundTruth.imageIds });
}

/**
 * `COCO.loadRes()` for bbox results already in memory: validates every
 * entry, groups them by image, and rejects image ids the ground truth does
 * not have (pycocotools' "Results do not correspond to current coco set",
 * here with the ids).
 */
export function parseResults(
  results: unknown,
  groundTruth: CocoGroundTruth,
  source = '<memory>',
): CocoResults {
  const builder = new ResultsBuilder(source);
  if (!Array.isArray(results))
    builder.failShape(results === null || typeof results !== 'object' ? 'value' : 'object');
  (results as unknown[]).forEach((value, index) => builder.add(value, index));
  return builder.finish(groundTruth);
}

/** Detections in file order, checked one by one, grouped per image at the end. */
export class ResultsBuilder {
  readonly imageId: CocoId[] = [];
  readonly categoryId: CocoId[] = [];
  readonly score = new GrowableFloat64();
  readonly box = new GrowableFloat64();

  /** Names the input in messages (the current file while shards are read). */
  constructor(public source: string) {}

  /** The record handler that feeds this builder from a JSON results array. */
  handler(): JsonRecordHandler {
    return {
      root: (kind) => {
        if (kind !== 'array') this.failShape(kind);
      },
      record: (_key, index, value) => this.add(value, index),
    };
  }

  failShape(kind: 'object' | 'value'): never {
    throw new TrtmapError(
      'ERR_RESULTS',
      `${this.source}: expected a JSON array of detections` +
        (kind === 'object'
          ? ' but found an object: a COCO dataset file? Results are [{"image_id", "category_id", "bbox", "score"}, ...]'
          : ''),
      { file: this.source },
    );
  }

  /** Checks one detection and appends it; ERR_RESULTS naming `results[index]` otherwise. */
  add(value: unknown, index: number): void {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.fail(index, ' is not an object');
    }
    // Field by field, without intermediate arrays: this runs once per detection.
    const detection = value as Record<string, unknown>;
    const imageId = detection.image_id;
    const categoryId = detection.category_id;
    if (!isCocoId(imageId)) this.failId(index, 'image_id', imageId);
    if (!isCocoId(categoryId)) this.failId(index, 'category_id', categoryId);
    const score = toFiniteNumber(detection.score);
    if (score === undefined) {
      this.fail(
        index,
        `.score: expected a finite number but received ${showJson(detection.score)}`,
      );
    }
    const bbox = detection.bbox as unknown[];
    const x = Array.isArray(bbox) && bbox.length === 4 ? toFiniteNumber(bbox[0]) : undefined;
    const y = x === undefined ? undefined : toFiniteNumber(bbox[1]);
    const w = y === undefined ? undefined : toFiniteNumber(bbox[2]);
    const h = w === undefined ? undefined : toFiniteNumber(bbox[3]);
    if (h === undefined) {
      if (bbox === undefined && detection.segmentation !== undefined) {
        this.fail(
          index,
          ' has a "segmentation" but no "bbox": trtmap scores bounding-box results only ' +
            "(pycocotools' iouType 'bbox'); write each detection's box as bbox [x, y, width, height]",
        );
      }
      this.fail(index, `.bbox: expected [x, y, width, height] but received ${showJson(bbox)}`);
    }
    this.imageId.push(canonicalId(imageId as CocoId));
    this.categoryId.push(canonicalId(categoryId as CocoId));
    this.score.push(score!);
    this.box.push(x!);
    this.box.push(y!);
    this.box.push(w!);
    this.box.push(h!);
  }

  private failId(index: number, key: string, value: unknown): never {
    return this.fail(
      index,
      `.${key}: expected a number or string id but received ${showJson(value)}`,
    );
  }

  private fail(index: number, message: string): never {
    throw new TrtmapError('ERR_RESULTS', `${this.source}: results[${index}]${message}`, {
      file: this.source,
    });
  }

  /**
   * Groups the detections per image and checks them against the ground
   * truth. `imageOrder` renumbers each detection's `order` image by image in
   * that order (merged shards); by default it is the position in the file.
   */
  finish(
    groundTruth: CocoGroundTruth,
    options: { imageOrder?: readonly CocoId[] } = {},
  ): CocoResults {
    const count = this.imageId.length;
    const perImage = new Map<CocoId, number>();
    for (const imageId of this.imageId) perImage.set(imageId, (perImage.get(imageId) ?? 0) + 1);
    checkImageIds(perImage.keys(), groundTruth, this.source);
    const score = this.score.toArray();
    const box = this.box.toArray();
    const byImage = new Map<
      CocoId,
      {
        count: number;
        categoryId: CocoId[];
        score: Float64Array;
        box: Float64Array;
        order: Int32Array;
      }
    >();
    for (const [imageId, size] of perImage) {
      byImage.set(imageId, {
        count: 0,
        categoryId: new Array<CocoId>(size),
        score: new Float64Array(size),
        box: new Float64Array(size * 4),
        order: new Int32Array(size),
      });
    }
    for (let d = 0; d < count; d++) {
      const batch = byImage.get(this.imageId[d])!;
      const slot = batch.count++;
      batch.categoryId[slot] = this.categoryId[d];
      batch.score[slot] = score[d];
      batch.order[slot] = d;
      for (let axis = 0; axis < 4; axis++) batch.box[slot * 4 + axis] = box[d * 4 + axis];
    }
    if (options.imageOrder !== undefined) {
      let next = 0;
      for (const imageId of new Set(options.imageOrder)) {
        const batch = byImage.get(imageId);
        if (batch !== undefined)
          for (let slot = 0; slot < batch.count; slot++) batch.order[slot] = next++;
      }
    }
    const warnings = resultsWarnings(
      { imageId: this.imageId, categoryId: this.categoryId, box },
      groundTruth,
    );
    return { source: this.source, count, byImage, warnings };
  }
}

/** Throws ERR_RESULTS naming the image ids that `groundTruth` does not list. */
export function checkImageIds(
  imageIds: Iterable<CocoId>,
  groundTruth: CocoGroundTruth,
  source: string,
): void {
  const known = new Set(groundTruth.imageIds);
  const unknown = [...imageIds].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const shown =
      unknown.slice(0, 10).map(formatId).join(', ') +
      (unknown.length > 10 ? `, ... (${unknown.length} in all)` : '');
    throw new TrtmapError(
      'ERR_RESULTS',
      `${source}: results refer to image ids that are not in the ground truth ${groundTruth.source}: ${shown}` +
        idKindHint(unknown[0], groundTruth.imageIds[0]),
      { file: source },
    );
  }
}

/** Why ids may not match although they look alike: "12" is not 12, as in pycocotools. */
function idKindHint(unknown: CocoId, known: CocoId | undefined): string {
  if (known === undefined || typeof unknown === typeof known) return '';
  return typeof unknown === 'string'
    ? ' (the results give image ids as strings, the ground truth as numbers: write them as numbers)'
    : ' (the results give image ids as numbers, the ground truth as strings: write them as strings)';
}
