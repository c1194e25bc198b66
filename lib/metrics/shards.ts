import { TrtmapError } from '../errors.js';

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
