import { TrtmapError } from '../../errors.js';
import { readJsonFileRecords } from '../json-file.js';
import { type JsonRecordHandler, parseJsonRecords } from '../json-records.js';
import { GroundTruthBuilder } from './ground-truth-builder.js';
import type { CocoId } from './ids.js';

export interface CocoImage {
  id: CocoId;
  width?: number;
  height?: number;
  file_name?: string;
}

export interface CocoCategory {
  id: CocoId;
  name: string;
  supercategory?: string;
}

/** Ground-truth boxes: parallel arrays, one entry per annotation, in file order. */
export interface GroundTruthBoxes {
  count: number;
  id: CocoId[];
  imageId: CocoId[];
  categoryId: CocoId[];
  /** [x, y, w, h] per annotation. */
  box: Float64Array;
  /** The annotation's own `area` (segmentation area in COCO), not w*h. */
  area: Float64Array;
  /** `iscrowd` as a number (true = 1). */
  iscrowd: Float64Array;
  /**
   * 1 where the VOC metrics treat the box as difficult: the annotation's own
   * `difficult` field when it has one, else `iscrowd` (the region pycocotools
   * ignores).
   */
  difficult: Uint8Array;
}

/** A COCO ground truth, indexed as pycocotools' `COCO.createIndex()` does. */
export interface CocoGroundTruth {
  source: string;
  /** `images`, one per id (a repeated id keeps its first place and its last entry, as pycocotools' `imgs`). */
  images: CocoImage[];
  imageIds: CocoId[];
  categories: CocoCategory[];
  categoryIds: CocoId[];
  annotations: GroundTruthBoxes;
  /** `imgToAnns`: annotation indices per image id, in file order (annotations on unlisted images too). */
  annotationsByImage: Map<CocoId, number[]>;
  /** `anns`: annotation index per annotation id; a repeated id maps to its last annotation. */
  annotationIndexById: Map<CocoId, number>;
  /** Things pycocotools accepts silently but that probably mean a broken file. */
  warnings: string[];
}

const topLevelArrays = ['images', 'annotations', 'categories'] as const;

/**
 * Reads a COCO instances file as `COCO(file)` does, record by record
 * (json-records.ts: no second copy of the file, ids exact, any text
 * encoding). ERR_FILE_NOT_FOUND, ERR_PARSE, or ERR_DATASET naming the field.
 */
export function loadGroundTruthFile(file: string): CocoGroundTruth {
  return readGroundTruth(file, (handler) => readJsonFileRecords(file, 'ground-truth', handler));
}

/** loadGroundTruthFile for a file's bytes already in memory (`source` names them in messages). */
export function parseGroundTruthJson(bytes: Uint8Array, source = '<memory>'): CocoGroundTruth {
  return readGroundTruth(source, (handler) => parseJsonRecords(bytes, source, handler));
}

function readGroundTruth(
  source: string,
  read: (handler: JsonRecordHandler) => void,
): CocoGroundTruth {
  const builder = new GroundTruthBuilder(source);
  const seen = new Set<string>();
  read({
    root(kind) {
      if (kind === 'array') {
        builder.fail(
          'expected a COCO dataset object with "images", "annotations" and "categories" but the ' +
            'file is an array: is it a results file? Give the instances file first, then the results',
        );
      }
      if (kind !== 'object') builder.fail(datasetShape);
    },
    arrayStart(key) {
      seen.add(key);
    },
    record(key, index, value) {
      if (!(topLevelArrays as readonly (string | undefined)[]).includes(key)) return;
      if (index === -1) builder.fail(`"${key}" must be an array`);
      builder.add(key as (typeof topLevelArrays)[number], value, index);
    },
  });
  for (const key of ['images', 'categories']) {
    if (!seen.has(key)) builder.fail(`"${key}" must be an array`);
  }
  return builder.finish();
}

const datasetShape = 'expected a COCO dataset object with "images", "annotations" and "categories"';

/** Validates a COCO instances dataset already in memory (object form) and indexes it. */
export function parseGroundTruth(dataset: unknown, source = '<memory>'): CocoGroundTruth {
  const builder = new GroundTruthBuilder(source);
  if (typeof dataset !== 'object' || dataset === null || Array.isArray(dataset)) {
    builder.fail(datasetShape);
  }
  const raw = dataset as Record<string, unknown>;
  const arrays = topLevelArrays.map((key) => {
    const value = key === 'annotations' ? (raw[key] ?? []) : raw[key];
    if (!Array.isArray(value)) builder.fail(`"${key}" must be an array`);
    return [key, value as unknown[]] as const;
  });
  for (const [key, values] of arrays)
    values.forEach((value, index) => builder.add(key, value, index));
  return builder.finish();
}

/** ERR_DATASET "<source>: <message>". */
export function datasetError(source: string, message: string): TrtmapError {
  return new TrtmapError('ERR_DATASET', `${source}: ${message}`, { file: source });
}
