import { readTextFileSync } from './text.js';
import { vocClassNames } from './voc-classes.js';

/** The 80 COCO classes in darknet's order (`coco.names`), which is also COCO's id order. */
// prettier-ignore
export const cocoClassNames = [
  'person', 'bicycle', 'car', 'motorbike', 'aeroplane', 'bus', 'train', 'truck', 'boat',
  'traffic light', 'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog',
  'horse', 'sheep', 'cow', 'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella',
  'handbag', 'tie', 'suitcase', 'frisbee', 'skis', 'snowboard', 'sports ball', 'kite',
  'baseball bat', 'baseball glove', 'skateboard', 'surfboard', 'tennis racket', 'bottle',
  'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple', 'sandwich', 'orange',
  'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'sofa', 'pottedplant',
  'bed', 'diningtable', 'toilet', 'tvmonitor', 'laptop', 'mouse', 'remote', 'keyboard',
  'cell phone', 'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase',
  'scissors', 'teddy bear', 'hair drier', 'toothbrush',
] as const;

/** COCO category id (1..90, with gaps) of each of the 80 classes: the usual coco80_to_91 table. */
// prettier-ignore
export const cocoCategoryIds: readonly number[] = [
  1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 27, 28,
  31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55,
  56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 67, 70, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 84,
  85, 86, 87, 88, 89, 90,
];

/** COCO id -> class index 0..79, or -1 for the 10 unused ids. */
export function cocoClassIndexOfId(categoryId: number): number {
  return cocoCategoryIds.indexOf(categoryId);
}

/** The COCO category id of each VOC class (aeroplane = airplane 5, ..., tvmonitor = tv 72). */
export const cocoIdOfVocClass: Readonly<Record<(typeof vocClassNames)[number], number>> = {
  aeroplane: 5,
  bicycle: 2,
  bird: 16,
  boat: 9,
  bottle: 44,
  bus: 6,
  car: 3,
  cat: 17,
  chair: 62,
  cow: 21,
  diningtable: 67,
  dog: 18,
  horse: 19,
  motorbike: 4,
  person: 1,
  pottedplant: 64,
  sheep: 20,
  sofa: 63,
  train: 7,
  tvmonitor: 72,
};

/** COCO category id -> VOC class name, for the 20 classes VOC shares with COCO. */
export const vocClassOfCocoId: ReadonlyMap<number, string> = new Map(
  Object.entries(cocoIdOfVocClass).map(([name, id]) => [id, name]),
);

/**
 * Class names from a darknet `.names` file, as darknet's get_labels reads
 * them: line k names class k (CRLF or LF; surrounding spaces trimmed). A
 * blank line in the middle is a class with an empty name, as in darknet,
 * since skipping it would shift every later class; blank lines at the end
 * are not classes.
 */
export function parseNamesFile(text: string): string[] {
  const names = text.split(/\r\n|\n|\r/).map((line) => line.trim());
  while (names.length > 0 && names[names.length - 1] === '') names.pop();
  return names;
}

/**
 * Reads a `.names` file (any text encoding lib/data/text.ts reads: a
 * byte-order mark, UTF-16) with parseNamesFile, and says which lines are
 * blank, since such a class can match no dataset category by name.
 */
export function readNamesFile(file: string): { names: string[]; warnings: string[] } {
  const names = parseNamesFile(readTextFileSync(file));
  const blank = names.flatMap((name, index) => (name === '' ? [index + 1] : []));
  const warnings =
    blank.length === 0
      ? []
      : [
          `${file}: line(s) ${blank.join(', ')} are blank: darknet counts each as a class with no ` +
            'name, so the classes after it keep their numbers, but no dataset category can match it',
        ];
  return { names, warnings };
}
