import { TrtmapError } from '../errors.js';
import type { CocoId } from './coco/ids.js';

/**
 * The shards of one run never share an image: for per-image text folders, an
 * image (file name) in two folders is ERR_RESULTS. (Results files are merged
 * record by record by loadResultsFiles, lib/metrics/coco/results.ts.)
 */
export function checkDisjointFolders(
  folders: ReadonlyArray<{ folder: string; imageIds: readonly string[] }>,
): void {
  const owner = new Map<string, string>();
  for (const { folder, imageIds } of folders) {
    for (const imageId of imageIds) {
      const other = owner.get(imageId);
      if (other !== undefined) {
        throw new TrtmapError(
          'ERR_RESULTS',
          `image ${imageId} has detections in both ${other} and ${folder}: the shards of one run never share an image`,
          { file: folder },
        );
      }
      owner.set(imageId, folder);
    }
  }
}

/**
 * Incomplete results (issue 15): of the images with ground truth (a box that
 * is not a crowd), how many have no detection at all. A detector scored at a
 * low threshold finds something on nearly every image; a tenth or more of
 * them without any is what a missing shard, `eval --limit` results scored on
 * the whole set, or a high score threshold leave, and mAP then counts every
 * box of those images as missed. Returns the warning, or undefined.
 */
export function missingDetectionsWarning(
  annotationsByImage: ReadonlyMap<CocoId, readonly number[]>,
  iscrowd: ArrayLike<number>,
  imageIds: readonly CocoId[],
  detectionsByImage: ReadonlyMap<CocoId, { count: number }>,
): string | undefined {
  let withGroundTruth = 0;
  let without = 0;
  for (const imageId of imageIds) {
    const boxes = annotationsByImage.get(imageId);
    if (!boxes || !boxes.some((index) => !iscrowd[index])) continue;
    withGroundTruth++;
    if ((detectionsByImage.get(imageId)?.count ?? 0) === 0) without++;
  }
  if (without === 0 || without < MISSING_SHARE * withGroundTruth) return undefined;
  return (
    `${without} of ${withGroundTruth} images with ground truth have no detections at all: ` +
    'a missing shard, results of eval --limit or --shard scored against the whole set, or a ' +
    'score threshold too high? Their boxes all count as missed'
  );
}

/** The share of images with ground truth but no detection from which the results look incomplete. */
const MISSING_SHARE = 0.1;
