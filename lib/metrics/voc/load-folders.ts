import path from 'node:path';
import { parseVocAnnotation } from '../../data/voc-xml.js';
import { TrtmapError } from '../../errors.js';
import { imageIdOf, isDirectory, listFiles, mapConcurrently, readTextFile } from './files.js';
import { type VocBoxFormat, parseVocDetectionText, parseVocGroundTruthText } from './text-boxes.js';
import type { VocDetection, VocGroundTruthBox } from './types.js';
import { notAVocFolder } from './voc-root.js';

export interface VocGroundTruthSet {
  groundTruth: VocGroundTruthBox[];
  /** Every image that has a ground-truth file (of the split, when one was given), boxes or not, in file-name order. */
  imageIds: string[];
  /**
   * Every annotation file's image id in the folder, split or not, in
   * file-name order: what numbers the images 1..N in the COCO form
   * (vocToCoco), so a split keeps the numbers of the whole folder.
   */
  numbering?: string[];
  /** The `<filename>` each xml annotation gives, by image id (where it gives one). */
  fileNames?: Map<string, string>;
  /** The `<size>` each xml annotation gives, by image id (where it gives a positive width and height). */
  sizes?: Map<string, { width: number; height: number }>;
}

export interface VocFolderOptions {
  /** Read only these images (an ImageSets split), in this set's file-name order. */
  imageIds?: readonly string[];
  /** Name of the list `imageIds` came from, for messages. */
  listedIn?: string;
}

/** Files read at once: enough to hide latency, few enough to stay under open-file limits. */
const concurrentReads = 32;

/**
 * Ground truth from VOC xml files: `folder` is an `Annotations` folder or a
 * VOC root that contains one. The image id is the file name without `.xml`
 * (the devkit's `annopath.format(imagename)`), not the `<filename>` inside.
 * Hidden files (`._name.xml` from macOS archives, `.DS_Store`) are not
 * annotations. With `imageIds`, only those files are read (a file the split
 * does not list is never opened) and each must exist.
 */
export async function loadVocAnnotationFolder(
  folder: string,
  options: VocFolderOptions = {},
): Promise<VocGroundTruthSet> {
  const annotations = path.join(folder, 'Annotations');
  const directory = (await isDirectoryIfExists(annotations)) ? annotations : folder;
  // The listing takes .xml in any case (.XML from Windows tools): open the name it found.
  const fileOf = fileNamesById(await listFiles(directory, '.xml'), directory);
  const numbering = [...fileOf.keys()];
  if (numbering.length === 0) {
    throw (
      (await notAVocFolder(folder)) ??
      new TrtmapError('ERR_DATASET', `${directory}: no .xml annotation files`, {
        file: directory,
      })
    );
  }
  const imageIds = options.imageIds
    ? selectListed(numbering, options.imageIds, directory, options.listedIn)
    : numbering;
  const fileNames = new Map<string, string>();
  const sizes = new Map<string, { width: number; height: number }>();
  const perImage = await mapConcurrently(imageIds, concurrentReads, async (imageId) => {
    const file = path.join(directory, fileOf.get(imageId)!);
    const annotation = parseVocAnnotation(await readTextFile(file, { xml: true }), file);
    if (annotation.filename) fileNames.set(imageId, annotation.filename);
    const { width, height } = annotation;
    if (width !== undefined && height !== undefined && width > 0 && height > 0)
      sizes.set(imageId, { width, height });
    return annotation.objects.map((object): VocGroundTruthBox => ({
      imageId,
      className: object.name,
      x1: object.xmin,
      y1: object.ymin,
      x2: object.xmax,
      y2: object.ymax,
      difficult: object.difficult,
    }));
  });
  return { groundTruth: perImage.flat(), imageIds, numbering, fileNames, sizes };
}

/**
 * Each image id's file name, in listing order. Two files of one id (`a.xml`
 * and `a.XML` on a case-sensitive file system) are an error, not a guess.
 */
function fileNamesById(names: readonly string[], directory: string): Map<string, string> {
  const fileOf = new Map<string, string>();
  for (const name of names) {
    const id = imageIdOf(name);
    const other = fileOf.get(id);
    if (other !== undefined) {
      throw new TrtmapError(
        'ERR_DATASET',
        `${directory}: ${other} and ${name} are both the annotation of image ${id}: keep one`,
        { file: directory },
      );
    }
    fileOf.set(id, name);
  }
  return fileOf;
}

/**
 * The image ids an ImageSets list names (`ImageSets/Main/<split>.txt`: one
 * id per line, optionally followed by a class flag as in `aeroplane_test.txt`).
 */
export async function readImageSet(
  root: string,
  split: string,
): Promise<{ file: string; imageIds: string[] }> {
  const file = path.join(root, 'ImageSets', 'Main', `${split}.txt`);
  let text: string;
  try {
    text = await readTextFile(file);
  } catch (error) {
    if (error instanceof TrtmapError && error.code === 'ERR_FILE_NOT_FOUND') {
      throw new TrtmapError(
        'ERR_DATASET',
        `split ${JSON.stringify(split)}: ${file} does not exist`,
        {
          file,
          cause: error,
        },
      );
    }
    throw error;
  }
  const imageIds = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim().split(/\s+/)[0])
    .filter((id) => id !== undefined && id !== '');
  return { file, imageIds: [...new Set(imageIds)] };
}

/** The listed ids in file-name order; ERR_DATASET naming those without an annotation file. */
function selectListed(
  numbering: readonly string[],
  listed: readonly string[],
  directory: string,
  listedIn = 'the image list',
): string[] {
  const known = new Set(numbering);
  const missing = listed.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new TrtmapError(
      'ERR_DATASET',
      `${listedIn} lists ${missing.length} image(s) without an annotation file in ${directory}, e.g. ${missing[0]}`,
      { file: listedIn },
    );
  }
  const wanted = new Set(listed);
  return numbering.filter((id) => wanted.has(id));
}

/** Ground truth from per-image text files (`class a b c d [difficult]`, see parseVocGroundTruthText). */
export async function loadVocGroundTruthTextFolder(
  folder: string,
  format: VocBoxFormat,
): Promise<VocGroundTruthSet> {
  const names = await listFiles(folder, '.txt');
  if (names.length === 0) {
    throw (
      (await notAVocFolder(folder)) ??
      new TrtmapError('ERR_DATASET', `${folder}: no .txt ground-truth files`, { file: folder })
    );
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
 * pycocotools' loadRes: it usually means mismatched folders. Hidden files
 * are skipped.
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
