import path from 'node:path';
import { TrtmapError } from '../errors.js';
import { loadGroundTruthFile } from '../metrics/coco/ground-truth.js';
import { formatId } from '../metrics/coco/ids.js';
import type { Dataset } from './dataset.js';
import { requireDirectory } from './folders.js';

/**
 * A COCO dataset: an instances .json and the folder of its images
 * (`file_name` of each image, relative to `imagesFolder`). Images are taken
 * in the annotation file's order; image ids are the file's, never parsed
 * from file names.
 */
export function openCocoDataset(annotations: string, imagesFolder: string): Dataset {
  requireDirectory(imagesFolder, 'the image folder (--images)');
  const groundTruth = loadGroundTruthFile(annotations);
  // Model classes map onto category ids through int32 arrays (lib/contract): numbers only.
  const odd = groundTruth.categories.find(
    (category) =>
      typeof category.id !== 'number' ||
      !Number.isInteger(category.id) ||
      Math.abs(category.id) > 2 ** 31 - 1,
  );
  if (odd !== undefined) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `${annotations}: category id ${formatId(odd.id)} (${odd.name}): trtmap eval maps model classes to integer category ids; ` +
        'give the categories integer ids (trtmap score reads the file as it is)',
      { file: annotations },
    );
  }
  const images = groundTruth.images.map((image) => {
    if (typeof image.file_name !== 'string' || image.file_name === '') {
      throw new TrtmapError(
        'ERR_DATASET',
        `${annotations}: image ${formatId(image.id)} has no file_name, so its file cannot be found`,
        { file: annotations },
      );
    }
    return { id: image.id, name: image.file_name, path: path.join(imagesFolder, image.file_name) };
  });
  return {
    kind: 'coco',
    source: annotations,
    images,
    groundTruth,
    // The models' classes are COCO ids (numbers): a dataset with string category ids matches none.
    categoryOfCocoId: (cocoId) => cocoId,
  };
}
