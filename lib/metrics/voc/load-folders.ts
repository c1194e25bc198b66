import path from 'node:path';
import { parseVocAnnotation } from '../../data/voc-xml.js';
import { TrtmapError } from '../../errors.js';
import { imageIdOf, isDirectory, listFiles, mapConcurrently, readTextFile } from './files.js';
import { type VocBoxFormat, parseVocDetectionText, parseVocGroundTruthText } from './text-boxes.js';
import type { VocDetection, VocGroundTruthBox } from './types.js';

export interface VocGroundTruthSet {
  groundTruth: VocGroundTruthBox[];
  /** Every image that has a ground-truth file, boxes or not, in file-name order. */
  imageIds: string[];
}

/** Files read at once: enough to hide latency, few enough to stay under open-file limits. */
const concurrentReads = 32;

/**
 * Ground truth from VOC xml files: `folder` is an `Annotations` folder or a
 * VOC root that contains one. The image id is the file name without `.xml`
 * (the devkit's `annopath.format(imagename)`), not the `<filename>` inside.
 */
export async function loadVocAnnotationFolder(folder: string): Promise<VocGroundTruthSet> {
  const annotations = path.join(folder, 'Annotations');
  const directory = (await isDirectoryIfExists(annotations)) ? annotations : folder;
  const names = await listFiles(directory, '.xml');
  if (names.length === 0) {
    throw new TrtmapError('ERR_DATASET', `${directory}: no .xml annotation files`, {
      file: directory,
    });
  }
  const perImage = await mapConcurrently(names, concurrentReads, async (name) => {
    const file = path.join(directory, name);
    const imageId = imageIdOf(name);
    const { objects } = parseVocAnnotation(await readTextFile(file), file);
    return objects.map((object): VocGroundTruthBox => ({
      imageId,
      className: object.name,
      x1: object.xmin,
      y1: object.ymin,
      x2: object.xmax,
      y2: object.ymax,
      difficult: object.difficult,
    }));
  });
  return { groundTruth: perImage.flat(), imageIds: names.map(imageIdOf) };
}

/** Ground truth from per-image text files (`class a b c d [difficult]`, see parseVocGroundTruthText). */
export async function loadVocGroundTruthTextFolder(
  folder: string,
  format: VocBoxFormat,
): Promise<VocGroundTruthSet> {
  const names = await listFiles(folder, '.txt');
  if (names.length === 0) {
    throw new TrtmapError('ERR_DATASET', `${folder}: no .txt ground-truth files`, { file: folder });
  }
  const perImage = await mapConcurrently(names, concurrentReads, async (name) => {
    const file = path.join(folder, name);
    return parseVocGroundTruthText(await readTextFile(file), file, imageIdOf(name), format);
  });
  return { groundTruth: perImage.flat(), imageIds: names.map(imageIdOf) };
}

/**
 * Detections from per-image text files (`class confidence a b c d`). Files are
 * read in name order and lines in file order: that is the order ties in
 * confidence keep. A file for an image without ground truth is an error
 * (ERR_RESULTS naming it), as a results file naming an unknown image is in
 * pycocotools' loadRes: it usually means mismatched folders.
 */
export async function loadVocDetectionTextFolder(
  folder: string,
  format: VocBoxFormat,
  knownImageIds: readonly string[],
): Promise<VocDetection[]> {
  const names = await listFiles(folder, '.txt');
  const known = new Set(knownImageIds);
  const unknown = names.filter((name) => !known.has(imageIdOf(name)));
  if (unknown.length > 0) {
    const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ', ...' : '');
    throw new TrtmapError(
      'ERR_RESULTS',
      `${folder}: ${unknown.length} detection file(s) for images without ground truth: ${shown}`,
      { file: folder },
    );
  }
  const perImage = await mapConcurrently(names, concurrentReads, async (name) => {
    const file = path.join(folder, name);
    return parseVocDetectionText(await readTextFile(file), file, imageIdOf(name), format);
  });
  return perImage.flat();
}

async function isDirectoryIfExists(target: string): Promise<boolean> {
  try {
    return await isDirectory(target);
  } catch (error) {
    if (error instanceof TrtmapError && error.code === 'ERR_FILE_NOT_FOUND') return false;
    throw error;
  }
}
