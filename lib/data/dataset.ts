import type { CocoGroundTruth } from '../metrics/coco/ground-truth.js';
import type { CocoId } from '../metrics/coco/ids.js';
import type { VocGroundTruthBox } from '../metrics/voc/types.js';

/** One image of a dataset. */
export interface DatasetImage {
  /** The image id in `groundTruth` (COCO's own id, a number or a string; 1..N in file-name order for VOC). */
  id: CocoId;
  /** The file name, for messages and VOC's image ids. */
  name: string;
  path: string;
}

/** A dataset opened for evaluation: its images and its ground truth in both COCO and VOC form. */
export interface Dataset {
  kind: 'coco' | 'voc';
  /** Where it came from, for messages. */
  source: string;
  images: DatasetImage[];
  groundTruth: CocoGroundTruth;
  /** The evaluation's category id of a COCO category id, or -1 when the dataset lacks that class. */
  categoryOfCocoId(cocoId: number): number;
  /** VOC-form ground truth (VOC datasets; COCO ones are converted at scoring time). */
  voc?: { groundTruth: VocGroundTruthBox[]; imageIdOf: Map<CocoId, string>; classNames: string[] };
}

export interface DatasetSelection {
  /** Every `count`-th image starting at `index` (0-based): `--shard index/count`. */
  shard?: { index: number; count: number };
  /** At most this many images (after sharding). */
  limit?: number;
}

/** The images a selection keeps, in dataset order. */
export function selectImages(
  images: readonly DatasetImage[],
  selection: DatasetSelection = {},
): DatasetImage[] {
  const { shard, limit } = selection;
  const sharded = shard
    ? images.filter((_, position) => position % shard.count === shard.index)
    : [...images];
  return limit === undefined ? sharded : sharded.slice(0, limit);
}
