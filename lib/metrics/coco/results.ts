import { TrtmapError } from '../../errors.js';
import { readJsonFile } from '../json-file.js';
import type { CocoGroundTruth } from './ground-truth.js';

/** The detections of one image as parallel typed arrays, in the order given. */
export interface DetectionBatch {
  count: number;
  categoryId: ArrayLike<number>;
  score: ArrayLike<number>;
  /** [x, y, w, h] per detection, in pixels (COCO results format). */
  box: ArrayLike<number>;
}

/** One detection in the COCO results format. */
export interface CocoDetection {
  image_id: number;
  category_id: number;
  bbox: readonly [number, number, number, number] | readonly number[];
  score: number;
}

export interface CocoResults {
  source: string;
  count: number;
  /** Detections per image id, each image's in file order (as `loadRes` indexes them). */
  byImage: Map<number, DetectionBatch>;
}

export function loadResultsFile(file: string, groundTruth: CocoGroundTruth): CocoResults {
  return parseResults(readJsonFile(file, 'results'), groundTruth, file);
}

/**
 * `COCO.loadRes()` for bbox results: validates every entry, groups them by
 * image, and rejects image ids the ground truth does not have (pycocotools'
 * "Results do not correspond to current coco set", here with the ids).
 */
export function parseResults(
  results: unknown,
  groundTruth: CocoGroundTruth,
  source = '<memory>',
): CocoResults {
  if (!Array.isArray(results)) {
    throw new TrtmapError('ERR_RESULTS', `${source}: expected a JSON array of detections`, {
      file: source,
    });
  }
  const perImage = new Map<number, number>();
  for (let index = 0; index < results.length; index++) {
    const imageId = checkDetection(results[index], index, source);
    perImage.set(imageId, (perImage.get(imageId) ?? 0) + 1);
  }
  checkImageIds(perImage.keys(), groundTruth, source);

  const byImage = new Map<
    number,
    DetectionBatch & { categoryId: Float64Array; score: Float64Array; box: Float64Array }
  >();
  for (const [imageId, count] of perImage) {
    byImage.set(imageId, {
      count: 0,
      categoryId: new Float64Array(count),
      score: new Float64Array(count),
      box: new Float64Array(count * 4),
    });
  }
  for (const detection of results as CocoDetection[]) {
    const batch = byImage.get(detection.image_id)!;
    const slot = batch.count++;
    batch.categoryId[slot] = detection.category_id;
    batch.score[slot] = detection.score;
    for (let axis = 0; axis < 4; axis++) batch.box[slot * 4 + axis] = detection.bbox[axis];
  }
  return { source, count: results.length, byImage };
}

/** Returns the image id of a valid detection; throws naming the entry otherwise. */
function checkDetection(value: unknown, index: number, source: string): number {
  const fail = (message: string): never => {
    throw new TrtmapError('ERR_RESULTS', `${source}: results[${index}]${message}`, {
      file: source,
    });
  };
  if (typeof value !== 'object' || value === null) fail(' is not an object');
  const detection = value as Record<string, unknown>;
  for (const key of ['image_id', 'category_id', 'score'] as const) {
    const field = detection[key];
    if (typeof field !== 'number' || !Number.isFinite(field)) {
      fail(`.${key}: expected a finite number but received ${JSON.stringify(field)}`);
    }
  }
  const bbox = detection.bbox;
  if (
    !Array.isArray(bbox) ||
    bbox.length !== 4 ||
    !bbox.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    fail(`.bbox: expected [x, y, width, height] but received ${JSON.stringify(bbox)}`);
  }
  return detection.image_id as number;
}

export function checkImageIds(
  imageIds: Iterable<number>,
  groundTruth: CocoGroundTruth,
  source: string,
): void {
  const known = new Set(groundTruth.imageIds);
  const unknown = [...imageIds].filter((id) => !known.has(id));
  if (unknown.length > 0) {
    const shown =
      unknown.slice(0, 10).join(', ') +
      (unknown.length > 10 ? `, ... (${unknown.length} in all)` : '');
    throw new TrtmapError(
      'ERR_RESULTS',
      `${source}: results refer to image ids that are not in the ground truth ${groundTruth.source}: ${shown}`,
      { file: source },
    );
  }
}
