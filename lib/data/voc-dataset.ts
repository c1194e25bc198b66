import path from 'node:path';
import { loadVocAnnotationFolder, readImageSet } from '../metrics/voc/load-folders.js';
import { vocToCoco } from '../metrics/voc-to-coco.js';
import { cocoClassIndexOfId, cocoClassNames, vocClassOfCocoId } from './categories.js';
import type { Dataset } from './dataset.js';
import { isDirectory, requireDirectory } from './folders.js';
import { findImageFile, folderIndex } from './image-files.js';

export interface VocDatasetOptions {
  /** `ImageSets/Main/<split>.txt` lists the images; without it, every annotation file is used. */
  split?: string;
}

/**
 * A Pascal VOC dataset: a VOCdevkit-style folder (Annotations/, JPEGImages/,
 * optionally ImageSets/Main/<split>.txt) or a folder of .xml files with the
 * images beside them. Image `<id>` is `Annotations/<id>.xml`; its file is the
 * xml's `<filename>` when that exists, else `JPEGImages/<id>.jpg` (or .jpeg,
 * .png, ... in any case). Images are numbered 1..N over every annotation
 * file, split or not (vocToCoco), as `trtmap score --split` numbers them.
 * A VOCdevkit root (VOC2007/, VOC2012/ inside) is an error naming the folder
 * to give.
 */
export async function openVocDataset(
  root: string,
  options: VocDatasetOptions = {},
): Promise<Dataset> {
  requireDirectory(root, 'the VOC folder (--voc)');
  const devkitLayout = isDirectory(path.join(root, 'Annotations'));
  const imagesFolder = devkitLayout ? path.join(root, 'JPEGImages') : root;
  const split = options.split === undefined ? undefined : await readImageSet(root, options.split);
  const set = await loadVocAnnotationFolder(root, {
    imageIds: split?.imageIds,
    listedIn: split?.file,
  });
  requireDirectory(imagesFolder, 'the VOC image folder');
  const mapping = vocToCoco(set, root);
  const classNames = mapping.groundTruth.categories.map((category) => category.name);
  const index = folderIndex(imagesFolder);
  return {
    kind: 'voc',
    source: root,
    images: set.imageIds.map((name) => ({
      id: mapping.imageIdOf.get(name)!,
      name,
      path: findImageFile(imagesFolder, index, name, set.fileNames?.get(name)),
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
