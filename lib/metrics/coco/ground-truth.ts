import { TrtmapError } from '../../errors.js';
import { readJsonFile } from '../json-file.js';

export interface CocoImage {
  id: number;
  width?: number;
  height?: number;
  file_name?: string;
}

export interface CocoCategory {
  id: number;
  name: string;
  supercategory?: string;
}

/** Ground-truth boxes as parallel typed arrays (one entry per annotation, file order). */
export interface GroundTruthBoxes {
  count: number;
  id: Float64Array;
  imageId: Float64Array;
  categoryId: Float64Array;
  /** [x, y, w, h] per annotation. */
  box: Float64Array;
  /** The annotation's own `area` (segmentation area in COCO), not w*h. */
  area: Float64Array;
  /** `iscrowd` as a number (true = 1). */
  iscrowd: Float64Array;
}

/** A COCO ground truth, indexed as pycocotools' `COCO.createIndex()` does. */
export interface CocoGroundTruth {
  source: string;
  images: CocoImage[];
  imageIds: number[];
  categories: CocoCategory[];
  categoryIds: number[];
  annotations: GroundTruthBoxes;
  /** `imgToAnns`: annotation indices per image id, in file order. */
  annotationsByImage: Map<number, number[]>;
  /** `anns`: annotation index per annotation id; a repeated id maps to its last annotation. */
  annotationIndexById: Map<number, number>;
  /** Things pycocotools accepts silently but that probably mean a broken file. */
  warnings: string[];
}

interface RawDataset {
  images?: unknown;
  annotations?: unknown;
  categories?: unknown;
}

export function loadGroundTruthFile(file: string): CocoGroundTruth {
  return parseGroundTruth(readJsonFile(file, 'ground-truth'), file);
}

/** Validates a COCO instances dataset (object form) and indexes it. */
export function parseGroundTruth(dataset: unknown, source = '<memory>'): CocoGroundTruth {
  const fail = (message: string): never => {
    throw new TrtmapError('ERR_DATASET', `${source}: ${message}`, { file: source });
  };
  if (typeof dataset !== 'object' || dataset === null || Array.isArray(dataset)) {
    fail('expected a COCO dataset object with "images", "annotations" and "categories"');
  }
  const raw = dataset as RawDataset;
  const images = arrayField(raw.images, 'images', fail);
  const categories = arrayField(raw.categories, 'categories', fail);
  const annotations = arrayField(raw.annotations ?? [], 'annotations', fail);

  const imageIds = images.map((image, index) => idOf(image, `images[${index}].id`, fail));
  const categoryIds = categories.map((category, index) =>
    idOf(category, `categories[${index}].id`, fail),
  );
  const warnings: string[] = [];
  const boxes = parseAnnotations(annotations, fail);
  const annotationsByImage = new Map<number, number[]>();
  const annotationIndexById = new Map<number, number>();
  for (let index = 0; index < boxes.count; index++) {
    const imageId = boxes.imageId[index];
    let list = annotationsByImage.get(imageId);
    if (list === undefined) annotationsByImage.set(imageId, (list = []));
    list.push(index);
    annotationIndexById.set(boxes.id[index], index);
  }
  if (annotationIndexById.size !== boxes.count) {
    warnings.push(
      `${boxes.count - annotationIndexById.size} annotation ids are repeated; like pycocotools, ` +
        'each repeated id evaluates as its last annotation',
    );
  }
  if (annotationIndexById.has(0)) {
    warnings.push(
      'an annotation has id 0; like pycocotools, a detection matched to it counts as unmatched',
    );
  }
  return {
    source,
    images: images.map((image, index) => ({ ...(image as object), id: imageIds[index] })),
    imageIds,
    categories: categories.map((category, index) => ({
      ...(category as object),
      id: categoryIds[index],
      name: String((category as { name?: unknown }).name ?? categoryIds[index]),
    })),
    categoryIds,
    annotations: boxes,
    annotationsByImage,
    annotationIndexById,
    warnings,
  };
}

function parseAnnotations(
  annotations: unknown[],
  fail: (message: string) => never,
): GroundTruthBoxes {
  const count = annotations.length;
  const boxes: GroundTruthBoxes = {
    count,
    id: new Float64Array(count),
    imageId: new Float64Array(count),
    categoryId: new Float64Array(count),
    box: new Float64Array(count * 4),
    area: new Float64Array(count),
    iscrowd: new Float64Array(count),
  };
  for (let index = 0; index < count; index++) {
    const annotation = annotations[index] as Record<string, unknown>;
    const where = `annotations[${index}]`;
    if (typeof annotation !== 'object' || annotation === null) fail(`${where} is not an object`);
    boxes.id[index] = idOf(annotation, `${where}.id`, fail);
    boxes.imageId[index] = numberField(annotation.image_id, `${where}.image_id`, fail);
    boxes.categoryId[index] = numberField(annotation.category_id, `${where}.category_id`, fail);
    const bbox = annotation.bbox;
    if (!Array.isArray(bbox) || bbox.length !== 4) {
      fail(`${where}.bbox: expected [x, y, width, height] but received ${JSON.stringify(bbox)}`);
    }
    for (let axis = 0; axis < 4; axis++) {
      boxes.box[index * 4 + axis] = numberField((bbox as unknown[])[axis], `${where}.bbox`, fail);
    }
    // pycocotools requires `area`; without it we use the box area rather than fail.
    boxes.area[index] =
      annotation.area === undefined
        ? boxes.box[index * 4 + 2] * boxes.box[index * 4 + 3]
        : numberField(annotation.area, `${where}.area`, fail);
    const crowd = annotation.iscrowd;
    boxes.iscrowd[index] =
      crowd === undefined || crowd === false
        ? 0
        : crowd === true
          ? 1
          : numberField(crowd, `${where}.iscrowd`, fail);
  }
  return boxes;
}

function arrayField(value: unknown, name: string, fail: (message: string) => never): unknown[] {
  if (!Array.isArray(value)) fail(`"${name}" must be an array`);
  return value as unknown[];
}

function idOf(record: unknown, where: string, fail: (message: string) => never): number {
  if (typeof record !== 'object' || record === null)
    fail(`${where.replace(/\.id$/, '')} is not an object`);
  return numberField((record as { id?: unknown }).id, where, fail);
}

function numberField(value: unknown, where: string, fail: (message: string) => never): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    fail(`${where}: expected a finite number but received ${JSON.stringify(value)}`);
  }
  return value as number;
}
