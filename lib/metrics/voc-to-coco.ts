import { vocClassNames } from '../data/voc-classes.js';
import type { CocoGroundTruth } from './coco/ground-truth.js';
import { parseGroundTruth } from './coco/ground-truth.js';
import type { CocoId } from './coco/ids.js';
import type { CocoDetection } from './coco/results.js';
import { loadVocAnnotationFolder, type VocGroundTruthSet } from './voc/load-folders.js';
import type { VocDetection } from './voc/types.js';

export interface VocAsCoco {
  groundTruth: CocoGroundTruth;
  /** COCO image id of each VOC image id (file stem). */
  imageIdOf: Map<string, number>;
  /** COCO category id of each class name. */
  categoryIdOf: Map<string, number>;
}

/**
 * The COCO form of a VOC ground truth, as the fixtures' reference values were
 * computed: images numbered 1..N in file-name order (of every annotation file
 * in the folder, `set.numbering`, so a split keeps the numbers the whole
 * folder gives: `eval --split` and `score --split` agree), categories 1..20 in the
 * devkit's class order (or, for other class sets, 1..C in name order),
 * bbox = [xmin, ymin, xmax - xmin, ymax - ymin], area = w*h, and difficult
 * boxes kept as ordinary ground truth (flagged `difficult`), since COCO has no
 * such notion and pycocotools would count them.
 */
export function vocToCoco(set: VocGroundTruthSet, source = '<voc>'): VocAsCoco {
  const numbers = new Map((set.numbering ?? set.imageIds).map((id, index) => [id, index + 1]));
  const imageIdOf = new Map(set.imageIds.map((id) => [id, numbers.get(id)!]));
  const names = [...new Set(set.groundTruth.map((box) => box.className))];
  const isVoc = names.every((name) => (vocClassNames as readonly string[]).includes(name));
  const classes = isVoc ? [...vocClassNames] : names.sort();
  const categoryIdOf = new Map(classes.map((name, index) => [name, index + 1]));
  const dataset = {
    images: set.imageIds.map((id) => ({
      id: imageIdOf.get(id)!,
      file_name: `${id}.jpg`,
      ...set.sizes?.get(id),
    })),
    categories: classes.map((name, index) => ({ id: index + 1, name })),
    annotations: set.groundTruth.map((box, index) => {
      const width = box.x2 - box.x1;
      const height = box.y2 - box.y1;
      return {
        id: index + 1,
        image_id: imageIdOf.get(box.imageId)!,
        category_id: categoryIdOf.get(box.className)!,
        bbox: [box.x1, box.y1, width, height],
        area: width * height,
        iscrowd: 0,
        difficult: box.difficult ? 1 : 0,
      };
    }),
  };
  return { groundTruth: parseGroundTruth(dataset, source), imageIdOf, categoryIdOf };
}

/** Loads a VOC Annotations folder (or VOC root) as a COCO ground truth. */
export async function vocFolderToCoco(folder: string): Promise<CocoGroundTruth> {
  const set = await loadVocAnnotationFolder(folder);
  return vocToCoco(set, folder).groundTruth;
}

/** VOC-style detections as COCO results for the ground truth made by `vocToCoco`. Unknown classes are dropped. */
export function vocDetectionsToCoco(
  detections: readonly VocDetection[],
  mapping: VocAsCoco,
): CocoDetection[] {
  const results: CocoDetection[] = [];
  for (const detection of detections) {
    const categoryId = mapping.categoryIdOf.get(detection.className);
    const imageId = mapping.imageIdOf.get(detection.imageId);
    if (categoryId === undefined || imageId === undefined) continue;
    results.push({
      image_id: imageId,
      category_id: categoryId,
      score: detection.confidence,
      bbox: [detection.x1, detection.y1, detection.x2 - detection.x1, detection.y2 - detection.y1],
    });
  }
  return results;
}

/**
 * COCO results (already checked by `parseResults`) on the ground truth made by
 * `vocToCoco`, back as VOC-style detections, in the results' own order (the
 * order that confidence ties keep).
 */
export function cocoResultsToVoc(
  results: readonly CocoDetection[],
  mapping: VocAsCoco,
): VocDetection[] {
  const imageName = new Map<CocoId, string>([...mapping.imageIdOf].map(([name, id]) => [id, name]));
  const className = new Map<CocoId, string>(
    [...mapping.categoryIdOf].map(([name, id]) => [id, name]),
  );
  return results.map((result) => {
    const [x, y, w, h] = result.bbox;
    return {
      imageId: imageName.get(result.image_id) ?? String(result.image_id),
      className: className.get(result.category_id) ?? `category_id ${result.category_id}`,
      confidence: result.score,
      x1: x,
      y1: y,
      x2: x + w,
      y2: y + h,
    };
  });
}
