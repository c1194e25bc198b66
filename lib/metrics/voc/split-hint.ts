import { promises as fs } from 'node:fs';
import path from 'node:path';
import { readImageSet } from './load-folders.js';

/**
 * A hint for results scored over a whole VOC folder that cover only one of
 * its ImageSets splits (`trtmap eval --split test --results r.json`, then
 * `trtmap score VOC2007 r.json` without `--split`): the images outside the
 * split count their ground truth as missed and the mAP is silently lower.
 * Returns a warning naming the split when every image with a detection is in
 * one split that is smaller than the folder; undefined otherwise (a detector
 * that finds nothing on some images is no sign of anything).
 */
export async function splitHint(
  folder: string,
  groundTruthImages: readonly string[],
  detectedImages: ReadonlySet<string>,
): Promise<string | undefined> {
  if (detectedImages.size === 0) return undefined;
  const root = path.basename(folder) === 'Annotations' ? path.dirname(folder) : folder;
  let names: string[];
  try {
    names = await fs.readdir(path.join(root, 'ImageSets', 'Main'));
  } catch {
    return undefined;
  }
  // Split lists (test.txt, val.txt), not the per-class ones (aeroplane_test.txt).
  const splits = names.filter((name) => /^[^._][^_]*\.txt$/i.test(name)).sort();
  let best: { split: string; size: number } | undefined;
  for (const name of splits) {
    const split = name.slice(0, -'.txt'.length);
    let imageIds: string[];
    try {
      ({ imageIds } = await readImageSet(root, split));
    } catch {
      continue;
    }
    const listed = new Set(imageIds);
    if (listed.size >= groundTruthImages.length) continue;
    if (![...detectedImages].every((id) => listed.has(id))) continue;
    if (best === undefined || listed.size < best.size) best = { split, size: listed.size };
  }
  if (best === undefined) return undefined;
  return (
    `the results have detections on ${detectedImages.size} of the folder's ${groundTruthImages.length} images, ` +
    `all of them in ImageSets/Main/${best.split}.txt (${best.size} images): results of ` +
    `trtmap eval --split ${best.split}? Pass --split ${best.split}; without it the other images count as missed`
  );
}
