import { stat } from 'node:fs/promises';
import { TrtmapError } from '../errors.js';
import { readJsonFile } from '../metrics/json-file.js';
import { checkDisjointFolders, mergeResultShards } from '../metrics/shards.js';
import {
  type CocoDetection,
  type CocoGroundTruth,
  type CocoResults,
  cocoResultsToVoc,
  loadVocDetectionTextFolder,
  loadVocGroundTruthFolder,
  parseGroundTruth,
  parseResults,
  type VocBoxFormat,
  type VocDetection,
  type VocInputs,
  vocDetectionsToCoco,
  vocInputsFromCoco,
  vocToCoco,
} from '../metrics/index.js';

export interface ScoreInputs {
  coco?: { groundTruth: CocoGroundTruth; results: CocoResults };
  voc?: VocInputs;
}

export interface ScoreInputRequest {
  groundTruthPath: string;
  /** One results file or folder, or the shards of one run (merged by mergeResultShards). */
  resultsPaths: string[];
  format: VocBoxFormat;
  coco: boolean;
  voc: boolean;
}

/**
 * Loads what `trtmap score` was given, each file read once, in the forms the
 * metrics asked for need:
 * - COCO ground-truth .json + COCO results .json;
 * - a VOC folder (xml `Annotations/`, or per-image .txt ground truth) + a folder
 *   of per-image detection .txt files, or + a COCO results .json whose image
 *   ids number the annotation files 1..N in name order (see vocToCoco).
 */
export async function loadScoreInputs(request: ScoreInputRequest): Promise<ScoreInputs> {
  const { groundTruthPath, resultsPaths } = request;
  const resultsPath = resultsPaths.join(' + ');
  const groundTruthIsFolder = await isFolder(groundTruthPath, 'ground truth');
  const folders = await Promise.all(resultsPaths.map((file) => isFolder(file, 'results')));
  const resultsIsFolder = folders[0];
  if (folders.some((folder) => folder !== resultsIsFolder)) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `cannot merge results folders with results files (${resultsPath}): give shards of one kind`,
    );
  }
  const readShards = (imageOrder: readonly unknown[]) =>
    mergeResultShards(
      resultsPaths.map((file) => ({ file, results: readJsonFile(file, 'results') })),
      imageOrder,
    );
  if (!groundTruthIsFolder) {
    if (resultsIsFolder) throw unsupportedPair(groundTruthPath, resultsPath);
    const groundTruthJson = readJsonFile(groundTruthPath, 'ground-truth');
    const resultsJson = readShards(imageIdsOf(groundTruthJson));
    const inputs: ScoreInputs = {};
    if (request.coco) {
      const groundTruth = parseGroundTruth(groundTruthJson, groundTruthPath);
      inputs.coco = { groundTruth, results: parseResults(resultsJson, groundTruth, resultsPath) };
    }
    if (request.voc) {
      inputs.voc = vocInputsFromCoco(groundTruthJson, resultsJson, {
        groundTruth: groundTruthPath,
        results: resultsPath,
      });
    }
    return inputs;
  }

  const set = await loadVocGroundTruthFolder(groundTruthPath, request.format);
  const mapping = vocToCoco(set, groundTruthPath);
  let detections;
  let cocoDetections: readonly CocoDetection[];
  if (resultsIsFolder) {
    detections = await loadDetectionShards(resultsPaths, request.format, set.imageIds);
    cocoDetections = vocDetectionsToCoco(detections, mapping);
  } else {
    cocoDetections = readShards([...mapping.imageIdOf.values()]) as CocoDetection[];
  }
  const results = parseResults(cocoDetections, mapping.groundTruth, resultsPath);
  detections ??= cocoResultsToVoc(cocoDetections, mapping);
  return {
    coco: { groundTruth: mapping.groundTruth, results },
    voc: { ...set, detections, classNames: [...mapping.categoryIdOf.keys()] },
  };
}

/** Per-image text folders, each a shard: no image in two of them; detections in the ground truth's image order. */
async function loadDetectionShards(
  folders: string[],
  format: VocBoxFormat,
  imageIds: string[],
): Promise<VocDetection[]> {
  const shards = await Promise.all(
    folders.map((folder) => loadVocDetectionTextFolder(folder, format, imageIds)),
  );
  if (shards.length === 1) return shards[0];
  checkDisjointFolders(
    shards.map((detections, index) => ({
      folder: folders[index],
      imageIds: [...new Set(detections.map((detection) => detection.imageId))],
    })),
  );
  const position = new Map(imageIds.map((id, index) => [id, index]));
  return shards
    .flat()
    .map((detection, index) => ({ detection, index }))
    .sort(
      (p, q) =>
        position.get(p.detection.imageId)! - position.get(q.detection.imageId)! ||
        p.index - q.index,
    )
    .map((entry) => entry.detection);
}

function imageIdsOf(groundTruth: unknown): unknown[] {
  const images = (groundTruth as { images?: unknown } | null)?.images;
  return Array.isArray(images) ? images.map((image) => (image as { id?: unknown } | null)?.id) : [];
}

async function isFolder(target: string, what: string): Promise<boolean> {
  try {
    return (await stat(target)).isDirectory();
  } catch (error) {
    throw new TrtmapError('ERR_FILE_NOT_FOUND', `${what} not found: ${target}`, {
      file: target,
      cause: error,
    });
  }
}

function unsupportedPair(groundTruthPath: string, resultsPath: string): TrtmapError {
  return new TrtmapError(
    'ERR_UNSUPPORTED',
    `cannot score the folder ${resultsPath} against the file ${groundTruthPath}: a COCO ` +
      'ground-truth .json takes a COCO results .json',
  );
}
