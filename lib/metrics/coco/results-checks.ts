import { cocoCategoryIds } from '../../data/categories.js';
import type { CocoGroundTruth } from './ground-truth.js';
import { type CocoId, formatId } from './ids.js';
import {
  extendsBeyondUnit,
  insideUnitSquare,
  normalizedBoxesWarning,
} from '../normalized-boxes.js';

/** Detections in file order, as the results reader holds them. */
export interface DetectionColumns {
  imageId: readonly CocoId[];
  categoryId: readonly CocoId[];
  /** [x, y, w, h] per detection. */
  box: Float64Array;
}

/**
 * What a results file that scores but probably scores wrong looks like, each
 * warning naming the likely cause: no detections at all; category ids the
 * ground truth lacks (0-based class indices, 1..80 indices instead of COCO's
 * 1..90 ids, strings against numbers); boxes written as corners
 * [x1, y1, x2, y2] where COCO wants [x, y, width, height]; boxes normalized
 * to 0..1 where COCO wants pixels.
 */
export function resultsWarnings(results: DetectionColumns, groundTruth: CocoGroundTruth): string[] {
  if (results.imageId.length === 0) {
    return [
      'the results hold no detections: every class with ground truth gets AP 0 (pycocotools cannot load an empty list at all)',
    ];
  }
  return [
    ...unknownCategoryWarnings(results.categoryId, groundTruth),
    ...boxFormatWarnings(results, groundTruth),
  ];
}

function unknownCategoryWarnings(
  categoryIds: readonly CocoId[],
  groundTruth: CocoGroundTruth,
): string[] {
  const known = new Set(groundTruth.categoryIds);
  const unknown = new Map<CocoId, number>();
  for (const id of categoryIds) if (!known.has(id)) unknown.set(id, (unknown.get(id) ?? 0) + 1);
  if (unknown.size === 0) return [];
  const total = [...unknown.values()].reduce((a, b) => a + b, 0);
  const shown = [...unknown]
    .slice(0, 6)
    .map(([id, count]) => `${formatId(id)} (${count})`)
    .join(', ');
  return [
    `${total} of ${categoryIds.length} detections have category ids the ground truth does not list: ` +
      `${shown}${unknown.size > 6 ? ', ...' : ''}; they are not scored` +
      categoryHint(new Set(categoryIds), groundTruth.categoryIds, [...unknown.keys()]),
  ];
}

/** The likely cause of unknown category ids, from how the two id sets differ. */
function categoryHint(used: Set<CocoId>, known: readonly CocoId[], unknown: CocoId[]): string {
  if (
    unknown.every((id) => typeof id === 'string') &&
    known.every((id) => typeof id !== 'string')
  ) {
    return ' (the results write category ids as strings, the ground truth as numbers)';
  }
  const numbers = [...used].filter((id): id is number => typeof id === 'number');
  if (numbers.length !== used.size || known.some((id) => typeof id !== 'number')) return '';
  const cocoIds = new Set<CocoId>(cocoCategoryIds);
  const isCoco = known.length === 80 && known.every((id) => cocoIds.has(id));
  const smallest = Math.min(...(known as number[]));
  if (
    numbers.includes(0) &&
    numbers.every((id) => Number.isInteger(id) && id >= 0 && id < known.length)
  ) {
    return isCoco
      ? ' (0-based class indices 0..79? COCO category ids run 1..90 with gaps: map class k to the k-th id, coco80_to_91)'
      : smallest === 1
        ? ' (0-based class indices? The ground truth numbers its categories from 1: add 1)'
        : ' (0-based class indices? Map each class to its category id)';
  }
  if (isCoco && numbers.every((id) => Number.isInteger(id) && id >= 1 && id <= 80)) {
    return ' (class indices 1..80 instead of COCO category ids 1..90? Map class k to the k-th id, coco80_to_91)';
  }
  return '';
}

/** Detections whose [x, y, w, h] look like [x1, y1, x2, y2]; needs some detections to judge. */
function boxFormatWarnings(results: DetectionColumns, groundTruth: CocoGroundTruth): string[] {
  const sizes = new Map(
    groundTruth.images
      .filter((image) => typeof image.width === 'number' && typeof image.height === 'number')
      .map((image) => [image.id, image as { width: number; height: number }]),
  );
  const { box, imageId } = results;
  const count = imageId.length;
  let negative = 0;
  let cornerLike = 0;
  let measured = 0;
  let outside = 0;
  let inUnitSquare = 0;
  for (let d = 0; d < count; d++) {
    const x = box[d * 4];
    const y = box[d * 4 + 1];
    const w = box[d * 4 + 2];
    const h = box[d * 4 + 3];
    if (w < 0 || h < 0) negative++;
    if (w > x && h > y) cornerLike++;
    if (insideUnitSquare(x, y, x + w, y + h)) inUnitSquare++;
    const size = sizes.get(imageId[d]);
    if (size !== undefined) {
      measured++;
      if (x + w > size.width * 1.1 + 1 || y + h > size.height * 1.1 + 1) outside++;
    }
  }
  const warnings: string[] = [];
  if (negative > 0) {
    warnings.push(
      `${negative} detections have a negative width or height: COCO results want bbox = [x, y, width, height]`,
    );
  }
  const normalized = normalizedBoxesWarning(
    { detections: count, insideUnitSquare: inUnitSquare, ...pixelReferences(groundTruth, sizes) },
    sizes.size > 0 ? 'the images' : 'the ground-truth boxes',
    'COCO results want [x, y, width, height] in pixels: multiply x and width by the image ' +
      'width, y and height by its height',
  );
  // Normalized [x, y, w, h] often has w > x too: name the one cause, not both.
  if (normalized !== undefined) return [...warnings, normalized];
  const cornersLikely =
    count >= 20 && (cornerLike >= 0.98 * count || (measured >= 20 && outside >= 0.25 * measured));
  if (cornersLikely) {
    warnings.push(
      `the boxes look like corners [x1, y1, x2, y2] (${outside} of ${measured} end beyond their image; ` +
        `${cornerLike} of ${count} have width > x and height > y): COCO results want [x, y, width, height]`,
    );
  }
  return warnings;
}

/** Image sizes where the ground truth gives them, else its boxes: how many are in pixels. */
function pixelReferences(
  groundTruth: CocoGroundTruth,
  sizes: Map<CocoId, { width: number; height: number }>,
): { references: number; inPixels: number } {
  let inPixels = 0;
  if (sizes.size > 0) {
    for (const { width, height } of sizes.values())
      if (extendsBeyondUnit(width, height)) inPixels++;
    return { references: sizes.size, inPixels };
  }
  const { box, count } = groundTruth.annotations;
  for (let a = 0; a < count; a++) {
    if (extendsBeyondUnit(box[a * 4] + box[a * 4 + 2], box[a * 4 + 1] + box[a * 4 + 3])) inPixels++;
  }
  return { references: count, inPixels };
}
