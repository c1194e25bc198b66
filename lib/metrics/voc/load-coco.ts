import { type ErrorCode, TrtmapError, describeValue } from '../../errors.js';
import { readJsonFile } from '../json-file.js';
import type { VocDetection, VocGroundTruthBox } from './types.js';

/** What the VOC evaluator needs, however it was stored. */
export interface VocInputs {
  groundTruth: VocGroundTruthBox[];
  detections: VocDetection[];
  /** Classes in the dataset's own order (COCO categories), for evaluateVoc's `classNames`. */
  classNames: string[];
  imageIds: string[];
}

type JsonObject = Record<string, unknown>;

/**
 * VOC inputs from a COCO-format ground truth and a COCO results array, already
 * parsed (so `trtmap score --metric all` parses each file once).
 *
 * - Class = category name; a result whose category_id is not a category is
 *   its own class "category_id <id>" (no ground truth: reported, not in the mAP).
 * - bbox [x, y, w, h] becomes x2 = x + w, y2 = y + h, exactly as stored (a VOC
 *   box exported as [xmin, ymin, xmax - xmin, ymax - ymin] comes back unchanged).
 * - difficult = the annotation's `difficult` field when it has one; otherwise
 *   `iscrowd`, because a crowd region is what pycocotools ignores and the
 *   nearest VOC notion is a box whose detections count neither way.
 * - A result on an image id that is not in `images` is ERR_RESULTS naming the ids
 *   (pycocotools' loadRes asserts the same).
 */
export function vocInputsFromCoco(
  groundTruth: unknown,
  results: unknown,
  files: { groundTruth: string; results: string } = {
    groundTruth: 'ground truth',
    results: 'results',
  },
): VocInputs {
  const gt = expectObject(groundTruth, 'the ground truth', files.groundTruth, 'ERR_DATASET');
  const images = expectArray(gt.images, 'images', files.groundTruth, 'ERR_DATASET');
  const imageIds = images.map((image, index) =>
    String(
      expectId(
        expectObject(image, `images[${index}]`, files.groundTruth, 'ERR_DATASET').id,
        `images[${index}].id`,
        files.groundTruth,
        'ERR_DATASET',
      ),
    ),
  );
  const categoryNames = readCategories(gt, files.groundTruth);
  const knownImages = new Set(imageIds);
  const annotations = expectArray(gt.annotations, 'annotations', files.groundTruth, 'ERR_DATASET');
  const boxes = annotations.map((value, index) =>
    readAnnotation(value, `annotations[${index}]`, files.groundTruth, categoryNames, knownImages),
  );
  const resultArray = expectArray(results, 'the results', files.results, 'ERR_RESULTS');
  const detections = resultArray.map((value, index) =>
    readResult(value, `results[${index}]`, files.results, categoryNames),
  );
  const unknown = [
    ...new Set(detections.map((d) => d.imageId).filter((id) => !knownImages.has(id))),
  ];
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 10).join(', ') + (unknown.length > 10 ? ', ...' : '');
    throw new TrtmapError(
      'ERR_RESULTS',
      `${files.results}: results for image ids not in the ground truth: ${shown}`,
      { file: files.results },
    );
  }
  return { groundTruth: boxes, detections, classNames: [...categoryNames.values()], imageIds };
}

/**
 * Reads and parses both files (lib/metrics/json-file.ts, as the COCO side does),
 * then vocInputsFromCoco. Async like the folder loaders, for one calling shape.
 */
export async function loadCocoForVoc(
  groundTruthFile: string,
  resultsFile: string,
): Promise<VocInputs> {
  const groundTruth = readJsonFile(groundTruthFile, 'ground truth');
  const results = readJsonFile(resultsFile, 'results');
  return vocInputsFromCoco(groundTruth, results, {
    groundTruth: groundTruthFile,
    results: resultsFile,
  });
}

function readCategories(gt: JsonObject, file: string): Map<string, string> {
  const categories = expectArray(gt.categories, 'categories', file, 'ERR_DATASET');
  const names = new Map<string, string>();
  const seen = new Set<string>();
  categories.forEach((value, index) => {
    const category = expectObject(value, `categories[${index}]`, file, 'ERR_DATASET');
    const id = String(expectId(category.id, `categories[${index}].id`, file, 'ERR_DATASET'));
    const name = category.name;
    if (typeof name !== 'string' || name === '') {
      throw datasetError(
        'ERR_DATASET',
        file,
        `a non-empty string`,
        `categories[${index}].name`,
        name,
      );
    }
    if (seen.has(name) || names.has(id)) {
      throw new TrtmapError(
        'ERR_DATASET',
        `${file}: duplicate category ${JSON.stringify(name)} (id ${id})`,
        {
          file,
        },
      );
    }
    seen.add(name);
    names.set(id, name);
  });
  return names;
}

function readAnnotation(
  value: unknown,
  where: string,
  file: string,
  categoryNames: Map<string, string>,
  knownImages: Set<string>,
): VocGroundTruthBox {
  const annotation = expectObject(value, where, file, 'ERR_DATASET');
  const imageId = String(expectId(annotation.image_id, `${where}.image_id`, file, 'ERR_DATASET'));
  if (!knownImages.has(imageId)) {
    throw datasetError(
      'ERR_DATASET',
      file,
      'the id of an image in images',
      `${where}.image_id`,
      annotation.image_id,
    );
  }
  const categoryId = String(
    expectId(annotation.category_id, `${where}.category_id`, file, 'ERR_DATASET'),
  );
  const className = categoryNames.get(categoryId);
  if (className === undefined) {
    throw datasetError(
      'ERR_DATASET',
      file,
      'the id of a category',
      `${where}.category_id`,
      annotation.category_id,
    );
  }
  const [x, y, width, height] = expectBox(annotation.bbox, `${where}.bbox`, file, 'ERR_DATASET');
  const flag = 'difficult' in annotation ? annotation.difficult : annotation.iscrowd;
  return {
    imageId,
    className,
    x1: x,
    y1: y,
    x2: x + width,
    y2: y + height,
    difficult: Boolean(flag),
  };
}

function readResult(
  value: unknown,
  where: string,
  file: string,
  categoryNames: Map<string, string>,
): VocDetection {
  const result = expectObject(value, where, file, 'ERR_RESULTS');
  const imageId = String(expectId(result.image_id, `${where}.image_id`, file, 'ERR_RESULTS'));
  const categoryId = String(
    expectId(result.category_id, `${where}.category_id`, file, 'ERR_RESULTS'),
  );
  const confidence = result.score;
  if (typeof confidence !== 'number' || !Number.isFinite(confidence)) {
    throw datasetError('ERR_RESULTS', file, 'a finite number', `${where}.score`, confidence);
  }
  const [x, y, width, height] = expectBox(result.bbox, `${where}.bbox`, file, 'ERR_RESULTS');
  const className = categoryNames.get(categoryId) ?? `category_id ${categoryId}`;
  return { imageId, className, confidence, x1: x, y1: y, x2: x + width, y2: y + height };
}

function expectObject(value: unknown, name: string, file: string, code: ErrorCode): JsonObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw datasetError(code, file, 'an object', name, value);
  }
  return value as JsonObject;
}

function expectArray(value: unknown, name: string, file: string, code: ErrorCode): unknown[] {
  if (!Array.isArray(value)) throw datasetError(code, file, 'an array', name, value);
  return value;
}

function expectId(value: unknown, name: string, file: string, code: ErrorCode): number | string {
  if (
    (typeof value === 'number' && Number.isFinite(value)) ||
    (typeof value === 'string' && value !== '')
  ) {
    return value;
  }
  throw datasetError(code, file, 'a number or string id', name, value);
}

function expectBox(value: unknown, name: string, file: string, code: ErrorCode): number[] {
  if (
    Array.isArray(value) &&
    value.length === 4 &&
    value.every((v) => typeof v === 'number' && Number.isFinite(v))
  ) {
    return value as number[];
  }
  throw datasetError(code, file, 'an array of 4 finite numbers [x, y, width, height]', name, value);
}

/** "Expected <what> for <name> but received <value>" (STYLE.md habit 2), prefixed by the file. */
function datasetError(
  code: ErrorCode,
  file: string,
  what: string,
  name: string,
  value: unknown,
): TrtmapError {
  return new TrtmapError(
    code,
    `${file}: Expected ${what} for ${name} but received ${describeValue(value)}`,
    {
      file,
    },
  );
}
