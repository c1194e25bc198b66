import { TrtmapError } from '../errors.js';

/** One results file of a sharded run, as parsed JSON. */
export interface ResultsShard {
  file: string;
  results: unknown;
}

/**
 * Several COCO results arrays (the shards of one evaluation, e.g. from
 * `trtmap eval --shard i/n --results part-i.json` on n machines) as one
 * array, in the order an unsharded run writes it: images in `imageOrder`
 * (the ground truth's order), each image's detections in its file's order;
 * images not in `imageOrder` last, for the results check to report. An
 * image with detections in two files is ERR_RESULTS naming both: shards of
 * one run never overlap, so that means a wrong file or a repeated shard.
 * One file is returned as it is.
 */
export function mergeResultShards(
  shards: readonly ResultsShard[],
  imageOrder: readonly unknown[],
): unknown {
  if (shards.length === 1) return shards[0].results;
  const byImage = new Map<unknown, unknown[]>();
  const fileOf = new Map<unknown, string>();
  for (const { file, results } of shards) {
    if (!Array.isArray(results)) {
      throw new TrtmapError('ERR_RESULTS', `${file}: expected a JSON array of detections`, {
        file,
      });
    }
    const seenHere = new Set<unknown>();
    results.forEach((entry, index) => {
      const imageId = (entry as { image_id?: unknown } | null)?.image_id;
      if (typeof imageId !== 'number' && typeof imageId !== 'string') {
        throw new TrtmapError(
          'ERR_RESULTS',
          `${file}: results[${index}].image_id: expected a number but received ${JSON.stringify(imageId)}`,
          { file },
        );
      }
      const owner = fileOf.get(imageId);
      if (owner !== undefined && !seenHere.has(imageId)) {
        throw new TrtmapError(
          'ERR_RESULTS',
          `image ${imageId} has detections in both ${owner} and ${file}: the shards of one run never share an image (a file given twice, or shards of different --shard counts?)`,
          { file },
        );
      }
      seenHere.add(imageId);
      fileOf.set(imageId, file);
      const list = byImage.get(imageId);
      if (list === undefined) byImage.set(imageId, [entry]);
      else list.push(entry);
    });
  }
  const merged: unknown[] = [];
  for (const imageId of imageOrder) {
    const list = byImage.get(imageId);
    if (list === undefined) continue;
    merged.push(...list);
    byImage.delete(imageId);
  }
  for (const list of byImage.values()) merged.push(...list);
  return merged;
}

/** The same check for per-image text folders: an image (file name) in two folders is ERR_RESULTS. */
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
