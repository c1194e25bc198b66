import { stat } from 'node:fs/promises';
import { TrtmapError } from '../errors.js';
import { readJsonFile } from '../metrics/json-file.js';
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
  resultsPath: string;
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
  const { groundTruthPath, resultsPath } = request;
  const groundTruthIsFolder = await isFolder(groundTruthPath, 'ground truth');
  const resultsIsFolder = await isFolder(resultsPath, 'results');
  if (!groundTruthIsFolder) {
    if (resultsIsFolder) throw unsupportedPair(groundTruthPath, resultsPath);
    const groundTruthJson = readJsonFile(groundTruthPath, 'ground-truth');
    const resultsJson = readJsonFile(resultsPath, 'results');
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
    detections = await loadVocDetectionTextFolder(resultsPath, request.format, set.imageIds);
    cocoDetections = vocDetectionsToCoco(detections, mapping);
  } else {
    cocoDetections = readJsonFile(resultsPath, 'results') as CocoDetection[];
  }
  const results = parseResults(cocoDetections, mapping.groundTruth, resultsPath);
  detections ??= cocoResultsToVoc(cocoDetections, mapping);
  return {
    coco: { groundTruth: mapping.groundTruth, results },
    voc: { ...set, detections, classNames: [...mapping.categoryIdOf.keys()] },
  };
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
