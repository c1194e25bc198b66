import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';
import { loadVocAnnotationFolder, type VocGroundTruthSet } from '../metrics/voc/load-folders.js';
import { vocToCoco } from '../metrics/voc-to-coco.js';
import { cocoClassIndexOfId, cocoClassNames, vocClassOfCocoId } from './categories.js';
import type { Dataset } from './dataset.js';
import { isDirectory, requireDirectory } from './folders.js';

export interface VocDatasetOptions {
  /** `ImageSets/Main/<split>.txt` lists the images; without it, every annotation file is used. */
  split?: string;
}

/**
 * A Pascal VOC dataset: a VOCdevkit-style folder (Annotations/, JPEGImages/,
 * optionally ImageSets/Main/<split>.txt) or a folder of .xml files with the
 * images beside them. Image `<id>` is `Annotations/<id>.xml` and
 * `JPEGImages/<id>.jpg`, as in the devkit.
 */
export async function openVocDataset(
  root: string,
  options: VocDatasetOptions = {},
): Promise<Dataset> {
  requireDirectory(root, 'the VOC folder (--voc)');
  const devkitLayout = isDirectory(path.join(root, 'Annotations'));
  const imagesFolder = devkitLayout ? path.join(root, 'JPEGImages') : root;
  requireDirectory(imagesFolder, 'the VOC image folder');
  let set = await loadVocAnnotationFolder(root);
  if (options.split !== undefined) set = restrictToSplit(set, root, options.split);
  const mapping = vocToCoco(set, root);
  const classNames = mapping.groundTruth.categories.map((category) => category.name);
  return {
    kind: 'voc',
    source: root,
    images: set.imageIds.map((name) => ({
      id: mapping.imageIdOf.get(name)!,
      name,
      path: path.join(imagesFolder, `${name}.jpg`),
    })),
    groundTruth: mapping.groundTruth,
    categoryOfCocoId(cocoId) {
      const name = vocClassOfCocoId.get(cocoId) ?? cocoClassNames[cocoClassIndexOfId(cocoId)];
      return (name !== undefined && mapping.categoryIdOf.get(name)) || -1;
    },
    voc: {
      groundTruth: set.groundTruth,
      imageIdOf: new Map([...mapping.imageIdOf].map(([name, id]) => [id, name])),
      classNames,
    },
  };
}

function restrictToSplit(set: VocGroundTruthSet, root: string, split: string): VocGroundTruthSet {
  const file = path.join(root, 'ImageSets', 'Main', `${split}.txt`);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new TrtmapError('ERR_DATASET', `split ${JSON.stringify(split)}: cannot read ${file}`, {
      file,
      cause: error,
    });
  }
  const wanted = text
    .split(/\r?\n/)
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((id) => id !== undefined && id !== '');
  const known = new Set(set.imageIds);
  const missing = wanted.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new TrtmapError(
      'ERR_DATASET',
      `${file} lists ${missing.length} image(s) without an annotation file, e.g. ${missing[0]}`,
      { file },
    );
  }
  const keep = new Set(wanted);
  return {
    imageIds: set.imageIds.filter((id) => keep.has(id)),
    groundTruth: set.groundTruth.filter((box) => keep.has(box.imageId)),
  };
}
