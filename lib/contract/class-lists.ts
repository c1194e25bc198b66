import { cocoCategoryIds } from '../data/categories.js';
import { vocClassNames } from '../data/voc-classes.js';
import { cocoIdOfVocClass } from '../data/categories.js';

/** COCO 2017's category names by id (instances_val2017.json), the names Ultralytics models carry. */
// prettier-ignore
const cocoNameById: Readonly<Record<number, string>> = {
  1: 'person', 2: 'bicycle', 3: 'car', 4: 'motorcycle', 5: 'airplane', 6: 'bus', 7: 'train',
  8: 'truck', 9: 'boat', 10: 'traffic light', 11: 'fire hydrant', 13: 'stop sign',
  14: 'parking meter', 15: 'bench', 16: 'bird', 17: 'cat', 18: 'dog', 19: 'horse', 20: 'sheep',
  21: 'cow', 22: 'elephant', 23: 'bear', 24: 'zebra', 25: 'giraffe', 27: 'backpack',
  28: 'umbrella', 31: 'handbag', 32: 'tie', 33: 'suitcase', 34: 'frisbee', 35: 'skis',
  36: 'snowboard', 37: 'sports ball', 38: 'kite', 39: 'baseball bat', 40: 'baseball glove',
  41: 'skateboard', 42: 'surfboard', 43: 'tennis racket', 44: 'bottle', 46: 'wine glass',
  47: 'cup', 48: 'fork', 49: 'knife', 50: 'spoon', 51: 'bowl', 52: 'banana', 53: 'apple',
  54: 'sandwich', 55: 'orange', 56: 'broccoli', 57: 'carrot', 58: 'hot dog', 59: 'pizza',
  60: 'donut', 61: 'cake', 62: 'chair', 63: 'couch', 64: 'potted plant', 65: 'bed',
  67: 'dining table', 70: 'toilet', 72: 'tv', 73: 'laptop', 74: 'mouse', 75: 'remote',
  76: 'keyboard', 77: 'cell phone', 78: 'microwave', 79: 'oven', 80: 'toaster', 81: 'sink',
  82: 'refrigerator', 84: 'book', 85: 'clock', 86: 'vase', 87: 'scissors', 88: 'teddy bear',
  89: 'hair drier', 90: 'toothbrush',
};

export interface ClassList {
  names: string[];
  /** COCO category id of each class, -1 where there is none. */
  cocoIds: number[];
}

/**
 * The built-in class lists: 'coco80' (darknet / Ultralytics / YOLOX order,
 * class k -> the k-th COCO id, the usual coco80_to_91 table), 'coco91'
 * (class k is COCO id k, 0 the background: TF Object Detection API, DETR)
 * and 'voc' (the devkit's 20 classes).
 */
export function builtInClassList(name: string): ClassList | undefined {
  if (name === 'coco80') {
    return { names: cocoCategoryIds.map((id) => cocoNameById[id]), cocoIds: [...cocoCategoryIds] };
  }
  if (name === 'coco91') {
    const ids = Array.from({ length: 91 }, (_, k) => (cocoNameById[k] === undefined ? -1 : k));
    return { names: ids.map((id) => (id < 0 ? '' : cocoNameById[id])), cocoIds: ids };
  }
  if (name === 'voc') {
    return { names: [...vocClassNames], cocoIds: vocClassNames.map((n) => cocoIdOfVocClass[n]) };
  }
  return undefined;
}

export const builtInClassListNames = ['coco80', 'coco91', 'voc'] as const;

/** darknet / VOC spellings of COCO's names. */
const aliases: Readonly<Record<string, string>> = {
  motorbike: 'motorcycle',
  aeroplane: 'airplane',
  sofa: 'couch',
  pottedplant: 'pottedplant',
  diningtable: 'diningtable',
  tvmonitor: 'tv',
};

/**
 * The key two class names are matched by: lower case, letters and digits
 * only, darknet / VOC spellings mapped to COCO's (motorbike = motorcycle,
 * aeroplane = airplane, sofa = couch, tvmonitor = tv; "potted plant" =
 * "pottedplant", "dining table" = "diningtable" by the rule itself).
 */
export function classKey(name: string): string {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  return aliases[key] ?? key;
}
