import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { TrtmapError } from '../errors.js';

/**
 * `--coco <json>` and `--voc <folder>` given the other's kind of path (a VOC
 * folder as --coco, a COCO .json as --voc): one line naming the option that
 * takes it, before the dataset readers say only "not a folder". Missing paths
 * are left to the readers, which say where they looked.
 */
export function checkDatasetPaths(coco: string | undefined, voc: string | undefined): void {
  if (coco !== undefined && statSync(coco, { throwIfNoEntry: false })?.isDirectory()) {
    const isVoc = holdsVocAnnotations(coco);
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--coco ${coco} is a folder, not a COCO annotations .json: ` +
        (isVoc
          ? `it looks like a VOC folder: give --voc ${coco}`
          : 'give the instances .json (e.g. annotations/instances_val2017.json) with --images <folder of its images>'),
      { file: coco },
    );
  }
  if (voc !== undefined && statSync(voc, { throwIfNoEntry: false })?.isFile()) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `--voc ${voc} is a file, not a VOC folder: ` +
        (voc.toLowerCase().endsWith('.json')
          ? `for a COCO .json give --coco ${voc} --images <folder of its images>`
          : 'give the folder holding Annotations/ and JPEGImages/ (e.g. VOCdevkit/VOC2007)'),
      { file: voc },
    );
  }
}

/** Whether `folder` is a VOC root: an Annotations/ folder or .xml files in it. */
export function holdsVocAnnotations(folder: string): boolean {
  if (existsSync(path.join(folder, 'Annotations'))) return true;
  try {
    return readdirSync(folder).some((name) => name.toLowerCase().endsWith('.xml'));
  } catch {
    return false;
  }
}

/**
 * `trtmap score <results> <ground truth>`: a results path that is a VOC
 * annotation folder means the two were swapped (detections are never .xml).
 */
export function checkScoreArgumentOrder(groundTruth: string, results: readonly string[]): void {
  const annotations = results.find(
    (file) => statSync(file, { throwIfNoEntry: false })?.isDirectory() && holdsVocAnnotations(file),
  );
  if (annotations === undefined) return;
  throw new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `the results ${annotations} are a VOC annotation folder (Annotations/ or .xml files): the arguments ` +
      `look swapped: trtmap score <ground-truth> <results>, here trtmap score ${annotations} ${groundTruth}`,
    { file: annotations },
  );
}
