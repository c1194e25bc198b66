import path from 'node:path';
import { TrtmapError } from '../../errors.js';
import { isDirectory, listFiles } from './files.js';
import { type VocInputs, loadCocoForVoc } from './load-coco.js';
import {
  type VocGroundTruthSet,
  loadVocDetectionTextFolder,
  loadVocGroundTruthTextFolder,
  loadVocAnnotationFolder,
} from './load-folders.js';
import type { VocBoxFormat } from './text-boxes.js';

export interface LoadVocOptions {
  /** Corner order of the numbers in text files (ground truth and detections); default 'xyxy'. */
  format?: VocBoxFormat;
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
  const groundTruthSet = await loadVocGroundTruthFolder(groundTruthPath, format);
  const detections = await loadVocDetectionTextFolder(resultsPath, format, groundTruthSet.imageIds);
  return { ...groundTruthSet, detections, classNames: [] };
}

/** Ground truth from a folder of VOC xml (or a VOC root with `Annotations/`), else of text files. */
export async function loadVocGroundTruthFolder(
  folder: string,
  format: VocBoxFormat = 'xyxy',
): Promise<VocGroundTruthSet> {
  return (await holdsVocXml(folder))
    ? loadVocAnnotationFolder(folder)
    : loadVocGroundTruthTextFolder(folder, format);
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
