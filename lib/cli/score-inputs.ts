import { stat } from 'node:fs/promises';
import { TrtmapError } from '../errors.js';
import { checkDisjointFolders } from '../metrics/shards.js';
import {
  type CocoGroundTruth,
  type CocoResults,
  loadGroundTruthFile,
  loadResultsFiles,
  loadVocDetectionTextFolder,
  loadVocGroundTruthFolder,
  parseResults,
  type VocBoxFormat,
  type VocDetection,
  type VocInputs,
  vocDetectionsToCoco,
  vocInputsFromParsedCoco,
  vocToCoco,
} from '../metrics/index.js';
import { vocDetectionsFromResults } from '../metrics/voc/load-coco.js';
import { vocDetectionWarnings } from '../metrics/voc/checks.js';
import { splitHint } from '../metrics/voc/split-hint.js';

export interface ScoreInputs {
  coco?: { groundTruth: CocoGroundTruth; results: CocoResults };
  voc?: VocInputs;
  /** Signs of a mistake in the inputs, each once, whichever metrics were asked for. */
  warnings: string[];
}

export interface ScoreInputRequest {
  groundTruthPath: string;
  /** One results file or folder, or the shards of one run (merged as loadResultsFiles does). */
  resultsPaths: string[];
  format: VocBoxFormat;
  /** VOC folders: score only the images of ImageSets/Main/<split>.txt. */
  split?: string;
  coco: boolean;
  voc: boolean;
}

/**
 * Loads what `trtmap score` was given, each file read once and by the same
 * readers whichever metric is asked for, so `--metric coco`, `voc` and `all`
 * accept and refuse the same inputs:
 * - COCO ground-truth .json + COCO results .json (streamed record by record);
 * - a VOC folder (xml `Annotations/`, or per-image .txt ground truth) + a folder
 *   of per-image detection .txt files, or + a COCO results .json whose image
 *   ids number the annotation files 1..N in name order (see vocToCoco; with
 *   `split`, still numbered over the whole folder, as `eval --split` writes them).
 * Several results files or folders are the shards of one run: no image in two.
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
  if (!groundTruthIsFolder) {
    if (resultsIsFolder) throw unsupportedPair(groundTruthPath, resultsPath);
    if (request.split !== undefined) {
      throw new TrtmapError(
        'ERR_INVALID_ARGUMENT',
        '--split selects images of a VOC folder; a COCO ground truth is scored on every image it lists',
      );
    }
    const groundTruth = loadGroundTruthFile(groundTruthPath);
    const results = loadResultsFiles(resultsPaths, groundTruth);
    return {
      coco: { groundTruth, results },
      voc: request.voc ? vocInputsFromParsedCoco(groundTruth, results) : undefined,
      warnings: unique([...groundTruth.warnings, ...results.warnings]),
    };
  }

  const set = await loadVocGroundTruthFolder(groundTruthPath, request.format, request.split);
  const mapping = vocToCoco(set, groundTruthPath);
  let results: CocoResults;
  let detections;
  const warnings: string[] = [];
  if (resultsIsFolder) {
    detections = await loadDetectionShards(resultsPaths, request.format, set.imageIds);
    warnings.push(...vocDetectionWarnings(set.groundTruth, detections, request.format));
    results = parseResults(
      vocDetectionsToCoco(detections, mapping),
      mapping.groundTruth,
      resultsPath,
    );
  } else {
    results = loadResultsFiles(resultsPaths, mapping.groundTruth);
    detections = vocDetectionsFromResults(results, mapping);
    warnings.push(...results.warnings);
  }
  if (request.split === undefined) {
    const detected = new Set(detections.map((detection) => detection.imageId));
    const hint = await splitHint(groundTruthPath, set.imageIds, detected);
    if (hint !== undefined) warnings.push(hint);
  }
  return {
    coco: { groundTruth: mapping.groundTruth, results },
    voc: { ...set, detections, classNames: [...mapping.categoryIdOf.keys()] },
    warnings: unique([...mapping.groundTruth.warnings, ...warnings]),
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

function unique(warnings: string[]): string[] {
  return [...new Set(warnings)];
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
