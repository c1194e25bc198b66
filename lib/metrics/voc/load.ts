import path from 'node:path';
import { TrtmapError } from '../../errors.js';
import { isDirectory, listFiles } from './files.js';
import { type VocInputs, loadCocoForVoc } from './load-coco.js';
import {
  type VocGroundTruthSet,
  loadVocDetectionTextFolder,
  loadVocGroundTruthTextFolder,
  loadVocAnnotationFolder,
  readImageSet,
} from './load-folders.js';
import type { VocBoxFormat } from './text-boxes.js';

export interface LoadVocOptions {
  /** Corner order of the numbers in text files (ground truth and detections); default 'xyxy'. */
  format?: VocBoxFormat;
  /** Score only the images of `ImageSets/Main/<split>.txt` (VOC xml folders). */
  split?: string;
}

/**
 * Loads VOC evaluation inputs from what `trtmap score <ground-truth> <results>`
 * is given, by what the paths are:
 * - a `.json` ground-truth file: COCO format; results must be a COCO results `.json`;
 * - a folder with `Annotations/` or `.xml` files: VOC xml; results a folder of per-image `.txt`;
 * - a folder of `.txt` files: text ground truth; results a folder of per-image `.txt`.
 */
export async function loadVocInputs(
  groundTruthPath: string,
  resultsPath: string,
  options: LoadVocOptions = {},
): Promise<VocInputs> {
  const format = options.format ?? 'xyxy';
  const groundTruthIsFolder = await isDirectory(groundTruthPath);
  const resultsIsFolder = await isDirectory(resultsPath);
  if (!groundTruthIsFolder) {
    if (resultsIsFolder || !isJson(groundTruthPath) || !isJson(resultsPath)) {
      throw unsupportedPair(groundTruthPath, resultsPath);
    }
    return loadCocoForVoc(groundTruthPath, resultsPath);
  }
  if (!resultsIsFolder) throw unsupportedPair(groundTruthPath, resultsPath);
  const groundTruthSet = await loadVocGroundTruthFolder(groundTruthPath, format, options.split);
  const detections = await loadVocDetectionTextFolder(resultsPath, format, groundTruthSet.imageIds);
  return { ...groundTruthSet, detections, classNames: [] };
}

/**
 * Ground truth from a folder of VOC xml (or a VOC root with `Annotations/`),
 * else of text files. `split` keeps the images `ImageSets/Main/<split>.txt`
 * lists (beside `Annotations/`), numbered as in the whole folder.
 */
export async function loadVocGroundTruthFolder(
  folder: string,
  format: VocBoxFormat = 'xyxy',
  split?: string,
): Promise<VocGroundTruthSet> {
  if (!(await holdsVocXml(folder))) {
    if (split !== undefined) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        `--split ${split} needs a VOC folder with Annotations/ and ImageSets/, not the text files of ${folder}`,
      );
    }
    return loadVocGroundTruthTextFolder(folder, format);
  }
  if (split === undefined) return loadVocAnnotationFolder(folder);
  const root = path.basename(folder) === 'Annotations' ? path.dirname(folder) : folder;
  const { file, imageIds } = await readImageSet(root, split);
  return loadVocAnnotationFolder(folder, { imageIds, listedIn: file });
}

async function holdsVocXml(folder: string): Promise<boolean> {
  const entries = await listFiles(folder, '.xml');
  if (entries.length > 0) return true;
  try {
    return await isDirectory(path.join(folder, 'Annotations'));
  } catch {
    return false;
  }
}

function isJson(file: string): boolean {
  return file.toLowerCase().endsWith('.json');
}

function unsupportedPair(groundTruthPath: string, resultsPath: string): TrtmapError {
  return new TrtmapError(
    'ERR_UNSUPPORTED',
    `cannot score ${resultsPath} against ${groundTruthPath}: VOC scoring takes a COCO ground-truth ` +
      '.json with a COCO results .json, or a folder of VOC .xml (or .txt) ground truth with a ' +
      'folder of per-image detection .txt files',
  );
}
