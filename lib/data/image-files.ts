import { readdirSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import type { Dataset, DatasetImage } from './dataset.js';

/** Extensions an image file may have beside its annotation's id, in the order they are tried. */
const imageExtensions = ['.jpg', '.jpeg', '.png', '.bmp', '.tif', '.tiff', '.webp'];

/**
 * The files of a folder by lower-cased name, for finding `000005.JPG` when
 * `000005.jpg` was asked for (archives made on case-insensitive systems mix
 * cases). Hidden files are left out; an unreadable folder gives an empty map.
 */
export function folderIndex(folder: string): Map<string, string> {
  const index = new Map<string, string>();
  let names: string[] = [];
  try {
    names = readdirSync(folder);
  } catch {
    return index;
  }
  for (const name of names.sort()) {
    if (!name.startsWith('.') && !index.has(name.toLowerCase()))
      index.set(name.toLowerCase(), name);
  }
  return index;
}

/**
 * The image file of VOC image `imageId` in `folder` (indexed by folderIndex):
 * the annotation's own `<filename>` when that file exists (any case), else
 * `<imageId>.<ext>` for the usual extensions in any case; when nothing
 * matches, `<imageId>.jpg` (the devkit's path), which the caller reports
 * missing.
 */
export function findImageFile(
  folder: string,
  index: ReadonlyMap<string, string>,
  imageId: string,
  fileName?: string,
): string {
  const candidates = [
    ...(fileName ? [path.basename(fileName)] : []),
    ...imageExtensions.map((extension) => imageId + extension),
  ];
  for (const candidate of candidates) {
    const found = index.get(candidate.toLowerCase());
    if (found !== undefined) return path.join(folder, found);
  }
  return path.join(folder, `${imageId}.jpg`);
}

/**
 * Stops before a long run that would score mostly missing images: when
 * fewer than half of `images` exist, ERR_DATASET saying how many are
 * missing, an example path, and where the images probably are (a
 * subfolder, JPEGImages/). One directory listing per folder, not one stat
 * per image.
 */
export function checkImageFiles(dataset: Dataset, images: readonly DatasetImage[]): void {
  if (images.length === 0) return;
  const listings = new Map<string, Set<string>>();
  const missing = images.filter((image) => {
    const folder = path.dirname(image.path);
    let names = listings.get(folder);
    if (names === undefined) {
      names = new Set(folderIndex(folder).values());
      listings.set(folder, names);
    }
    return !names.has(path.basename(image.path));
  });
  if (missing.length * 2 <= images.length) return;
  const folder = path.dirname(missing[0].path);
  const found = images.length - missing.length;
  throw new TrtmapError(
    'ERR_DATASET',
    `${found === 0 ? 'none' : `only ${found}`} of the ${images.length} images of ${dataset.source} ` +
      `${found === 1 ? 'is' : 'are'} in ${folder} (e.g. ${missing[0].path} is missing). ` +
      imagesHint(dataset, folder, path.basename(missing[0].path)),
    { file: folder },
  );
}

function imagesHint(dataset: Dataset, folder: string, example: string): string {
  const within = subfolderHolding(folder, example);
  if (within !== undefined) return `The images seem to be in ${within}: give that folder.`;
  return dataset.kind === 'coco'
    ? '--images must be the folder holding the files the json names in "file_name" (e.g. val2017/).'
    : 'A VOC folder keeps its images in JPEGImages/ beside Annotations/: give the folder holding both ' +
        '(e.g. VOCdevkit/VOC2007).';
}

/** A direct subfolder of `folder` that holds `name`, if one does. */
function subfolderHolding(folder: string, name: string): string | undefined {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const candidate = path.join(folder, entry.name);
    if (folderIndex(candidate).has(name.toLowerCase())) return candidate;
  }
  return undefined;
}
