import type { YoloDecoderMetadata } from '../../../lib/darknet/index.js';

/**
 * A minimal darknet YOLO decode for the tests, after yolo_layer.c
 * (forward_yolo_layer, get_yolo_box, get_yolo_detections) and box.c
 * (do_nms_sort, diounms_sort with GREEDY_NMS); plain resize only (no letterbox).
 */
export interface Detection {
  /** Relative to the image: centre x, y, width, height in 0..1. */
  box: [number, number, number, number];
  objectness: number;
  /** Per class obj * p(class), zeroed below the threshold or by NMS. */
  probabilities: Float32Array;
}

export function decodeHeads(
  metadata: YoloDecoderMetadata,
  outputs: Record<string, { data: Float32Array; dims: readonly number[] }>,
  threshold: number,
): Detection[] {
  const detections: Detection[] = [];
  for (const head of metadata.heads) {
    const { data, dims } = outputs[head.output];
    const [, , height, width] = dims;
    const plane = height * width;
    const entries = head.classes + 5;
    const activate = (value: number) => (head.newCoords ? value : 1 / (1 + Math.exp(-value)));
    for (let cell = 0; cell < plane; cell++) {
      const row = Math.floor(cell / width);
      const col = cell % width;
      head.mask.forEach((anchor, n) => {
        const at = (entry: number) => data[(n * entries + entry) * plane + cell];
        const objectness = activate(at(4));
        if (!(objectness > threshold)) return;
        const scale = (value: number) => value * head.scaleXY - 0.5 * (head.scaleXY - 1);
        const x = (col + scale(activate(at(0)))) / width;
        const y = (row + scale(activate(at(1)))) / height;
        const [anchorW, anchorH] = [head.anchors[2 * anchor], head.anchors[2 * anchor + 1]];
        const w = head.newCoords ? at(2) * at(2) * 4 * anchorW : Math.exp(at(2)) * anchorW;
        const h = head.newCoords ? at(3) * at(3) * 4 * anchorH : Math.exp(at(3)) * anchorH;
        const probabilities = new Float32Array(head.classes);
        for (let k = 0; k < head.classes; k++) {
          const probability = objectness * activate(at(5 + k));
          probabilities[k] = probability > threshold ? probability : 0;
        }
        detections.push({
          box: [x, y, w / metadata.inputWidth, h / metadata.inputHeight],
          objectness,
          probabilities,
        });
      });
    }
  }
  return detections;
}

/** Per class: sort by probability, zero the later of two boxes whose (D)IoU exceeds the threshold. */
export function darknetNms(
  detections: Detection[],
  classes: number,
  threshold: number,
  kind: string,
): void {
  for (let k = 0; k < classes; k++) {
    const order = detections
      .filter((d) => d.probabilities[k] > 0)
      .sort((a, b) => b.probabilities[k] - a.probabilities[k]);
    for (let i = 0; i < order.length; i++) {
      if (order[i].probabilities[k] === 0) continue;
      for (let j = i + 1; j < order.length; j++) {
        const overlap =
          kind === 'greedynms' ? diou(order[i].box, order[j].box) : iou(order[i].box, order[j].box);
        if (overlap > threshold) order[j].probabilities[k] = 0;
      }
    }
  }
}

type Box = [number, number, number, number];

function overlap(x1: number, w1: number, x2: number, w2: number): number {
  const left = Math.max(x1 - w1 / 2, x2 - w2 / 2);
  const right = Math.min(x1 + w1 / 2, x2 + w2 / 2);
  return right - left;
}

export function iou(a: Box, b: Box): number {
  const w = overlap(a[0], a[2], b[0], b[2]);
  const h = overlap(a[1], a[3], b[1], b[3]);
  const intersection = w < 0 || h < 0 ? 0 : w * h;
  return intersection / (a[2] * a[3] + b[2] * b[3] - intersection);
}

/** box_diou: IoU minus (centre distance / enclosing diagonal)^0.6 (the exponent is fixed in box.c). */
export function diou(a: Box, b: Box): number {
  const left = Math.min(a[0] - a[2] / 2, b[0] - b[2] / 2);
  const right = Math.max(a[0] + a[2] / 2, b[0] + b[2] / 2);
  const top = Math.min(a[1] - a[3] / 2, b[1] - b[3] / 2);
  const bottom = Math.max(a[1] + a[3] / 2, b[1] + b[3] / 2);
  const c = (right - left) ** 2 + (bottom - top) ** 2;
  const base = iou(a, b);
  if (c === 0) return base;
  const d = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2;
  return base - (d / c) ** 0.6;
}

export interface PrintedDetection {
  label: string;
  probability: number;
  /** left, top, width, height in pixels, as darknet's draw_detections_v3 prints them. */
  box: [number, number, number, number];
}

export function printable(
  detections: Detection[],
  names: string[],
  threshold: number,
  imageWidth: number,
  imageHeight: number,
): PrintedDetection[] {
  const printed: PrintedDetection[] = [];
  for (const detection of detections) {
    const [x, y, w, h] = detection.box;
    const clip = (value: number, size: number) =>
      Math.min(Math.max(Math.trunc(value), 0), size - 1);
    const left = clip((x - w / 2) * imageWidth, imageWidth);
    const right = clip((x + w / 2) * imageWidth, imageWidth);
    const top = clip((y - h / 2) * imageHeight, imageHeight);
    const bottom = clip((y + h / 2) * imageHeight, imageHeight);
    detection.probabilities.forEach((probability, k) => {
      if (probability > threshold)
        printed.push({
          label: names[k],
          probability,
          box: [left, top, right - left, bottom - top],
        });
    });
  }
  return printed.sort((a, b) => b.probability - a.probability);
}
