import {
  type CocoGroundTruth,
  loadGroundTruthFile,
  parseGroundTruth,
} from '../coco/ground-truth.js';
import { type CocoId, formatId } from '../coco/ids.js';
import { type CocoResults, loadResultsFile, parseResults } from '../coco/results.js';
import type { VocAsCoco } from '../voc-to-coco.js';
import type { VocDetection, VocGroundTruthBox } from './types.js';

/** What the VOC evaluator needs, however it was stored. */
export interface VocInputs {
  groundTruth: VocGroundTruthBox[];
  detections: VocDetection[];
  /** Classes in the dataset's own order (COCO categories), for evaluateVoc's `classNames`. */
  classNames: string[];
  imageIds: string[];
  /** Signs of a mistake in the inputs (see CocoGroundTruth and CocoResults warnings). */
  warnings?: string[];
}

/**
 * VOC inputs from a COCO ground truth and COCO results, read by the same
 * code as the COCO metric (parseGroundTruth, parseResults), so both metrics
 * accept and refuse the same inputs:
 *
 * - Class = category name (a name several categories share is told apart by
 *   id); a result whose category_id is not a category is its own class
 *   "category_id <id>" (no ground truth: reported, not in the mAP).
 * - Image = the image id as text (ids never mix strings and numbers, so no
 *   two ids share a text).
 * - bbox [x, y, w, h] becomes x2 = x + w, y2 = y + h, exactly as stored (a VOC
 *   box exported as [xmin, ymin, xmax - xmin, ymax - ymin] comes back unchanged).
 * - difficult = the annotation's `difficult` field when it has one; otherwise
 *   `iscrowd`, because a crowd region is what pycocotools ignores and the
 *   nearest VOC notion is a box whose detections count neither way.
 * - An annotation on an image `images` does not list, or of a category
 *   `categories` does not list, is ignored (with the ground truth's warning),
 *   as pycocotools ignores it; a result on such an image is ERR_RESULTS.
 * - Detections keep the results' file order: the order confidence ties keep.
 */
export function vocInputsFromParsedCoco(
  groundTruth: CocoGroundTruth,
  results: CocoResults,
): VocInputs {
  const className = classNamesOf(groundTruth);
  const images = new Set(groundTruth.imageIds);
  const { annotations } = groundTruth;
  const boxes: VocGroundTruthBox[] = [];
  for (let index = 0; index < annotations.count; index++) {
    const name = className.get(annotations.categoryId[index]);
    if (name === undefined || !images.has(annotations.imageId[index])) continue;
    const [x, y, width, height] = annotations.box.subarray(index * 4, index * 4 + 4);
    boxes.push({
      imageId: String(annotations.imageId[index]),
      className: name,
      x1: x,
      y1: y,
      x2: x + width,
      y2: y + height,
      difficult: annotations.difficult[index] === 1,
    });
  }
  return {
    groundTruth: boxes,
    detections: detectionsInFileOrder(
      results,
      (id) => className.get(id) ?? `category_id ${formatId(id)}`,
      String,
    ),
    classNames: [...className.values()],
    imageIds: groundTruth.imageIds.map(String),
    warnings: [...groundTruth.warnings, ...results.warnings],
  };
}

/**
 * VOC inputs from a COCO-format ground truth and a COCO results array given
 * as parsed JSON (or an already loaded ground truth), through
 * vocInputsFromParsedCoco.
 */
export function vocInputsFromCoco(
  groundTruth: unknown,
  results: unknown,
  files: { groundTruth: string; results: string } = {
    groundTruth: 'ground truth',
    results: 'results',
  },
): VocInputs {
  const gt = isLoaded(groundTruth) ? groundTruth : parseGroundTruth(groundTruth, files.groundTruth);
  return vocInputsFromParsedCoco(gt, parseResults(results, gt, files.results));
}

/** Reads both files (record by record, as the COCO metric does), then vocInputsFromParsedCoco. */
export async function loadCocoForVoc(
  groundTruthFile: string,
  resultsFile: string,
): Promise<VocInputs> {
  const groundTruth = loadGroundTruthFile(groundTruthFile);
  return vocInputsFromParsedCoco(groundTruth, loadResultsFile(resultsFile, groundTruth));
}

/** Category id -> VOC class name, in the file's category order. */
function classNamesOf(groundTruth: CocoGroundTruth): Map<CocoId, string> {
  const uses = new Map<string, number>();
  for (const category of groundTruth.categories) {
    uses.set(category.name, (uses.get(category.name) ?? 0) + 1);
  }
  return new Map(
    groundTruth.categories.map((category) => [
      category.id,
      uses.get(category.name)! > 1 || category.name === ''
        ? `${category.name} (id ${formatId(category.id)})`
        : category.name,
    ]),
  );
}

/**
 * COCO results on the ground truth `vocToCoco` made from a VOC folder, as
 * VOC detections of that folder's images (file stems) and classes, in the
 * results' file order.
 */
export function vocDetectionsFromResults(results: CocoResults, mapping: VocAsCoco): VocDetection[] {
  const imageName = new Map<CocoId, string>([...mapping.imageIdOf].map(([name, id]) => [id, name]));
  const className = new Map<CocoId, string>(
    [...mapping.categoryIdOf].map(([name, id]) => [id, name]),
  );
  return detectionsInFileOrder(
    results,
    (id) => className.get(id) ?? `category_id ${formatId(id)}`,
    (id) => imageName.get(id) ?? String(id),
  );
}

function detectionsInFileOrder(
  results: CocoResults,
  className: (id: CocoId) => string,
  imageName: (id: CocoId) => string,
): VocDetection[] {
  const detections = new Array<VocDetection>(results.count);
  let next = 0;
  for (const [imageId, batch] of results.byImage) {
    const image = imageName(imageId);
    for (let d = 0; d < batch.count; d++) {
      const [x, y, width, height] = Array.from({ length: 4 }, (_, axis) => batch.box[d * 4 + axis]);
      detections[batch.order ? batch.order[d] : next] = {
        imageId: image,
        className: className(batch.categoryId[d]),
        confidence: batch.score[d],
        x1: x,
        y1: y,
        x2: x + width,
        y2: y + height,
      };
      next++;
    }
  }
  return detections;
}

function isLoaded(value: unknown): value is CocoGroundTruth {
  return typeof value === 'object' && value !== null && 'annotationIndexById' in value;
}
