import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import {
  type CategoryMap,
  type Decoder,
  categoryOf,
  expectRank,
  requireOutput,
  sigmoid,
} from './decoder.js';
import type { ModelOutputs } from './types.js';

/** One darknet [yolo] head (the fields of lib/darknet's YoloHeadMetadata the decode needs). */
export interface YoloHead {
  output: string;
  classes: number;
  mask: readonly number[];
  anchors: readonly number[];
  scaleXY: number;
  newCoords: boolean;
}

export interface YoloDecoderOptions {
  heads: readonly YoloHead[];
  inputWidth: number;
  inputHeight: number;
  /** Default true (darknet: every class whose probability passes); false: each box's best class. */
  multiLabel?: boolean;
  categories?: CategoryMap;
}

/**
 * darknet's YOLO decode (yolo_layer.c: get_yolo_box, get_yolo_detections),
 * multi-label like darknet: every class whose objectness * p(class) reaches
 * the threshold is a candidate. Outputs are [batch, mask*(classes+5), h, w]
 * before any activation (with new_coords=1 the graph has applied it).
 */
export class YoloDecoder implements Decoder {
  readonly postNms = false;

  constructor(private readonly options: YoloDecoderOptions) {}

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    for (const head of this.options.heads)
      this.decodeHead(head, outputs, batchIndex, threshold, into);
  }

  private decodeHead(
    head: YoloHead,
    outputs: ModelOutputs,
    batchIndex: number,
    threshold: number,
    into: Candidates,
  ): void {
    const output = requireOutput(outputs, head.output, 'YOLO');
    expectRank(output, head.output, 4, 'YOLO');
    const [, channels, rows, columns] = output.dims;
    const entries = head.classes + 5;
    if (channels !== head.mask.length * entries) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `YOLO head ${head.output}: ${channels} channels, expected ${head.mask.length} anchors x ${entries}`,
      );
    }
    const { inputWidth, inputHeight, categories } = this.options;
    const data = output.data;
    const plane = rows * columns;
    const base = batchIndex * channels * plane;
    const activate = head.newCoords ? (value: number) => value : sigmoid;
    const shift = 0.5 * (head.scaleXY - 1);
    const multiLabel = this.options.multiLabel ?? true;
    head.mask.forEach((anchor, n) => {
      const anchorOffset = base + n * entries * plane;
      const anchorWidth = head.anchors[2 * anchor];
      const anchorHeight = head.anchors[2 * anchor + 1];
      for (let cell = 0; cell < plane; cell++) {
        const at = anchorOffset + cell;
        const objectness = activate(data[at + 4 * plane]);
        // obj * p(class) >= threshold needs obj >= threshold (p <= 1).
        if (!(objectness >= threshold)) continue;
        const column = cell % columns;
        const row = (cell - column) / columns;
        const x = ((column + activate(data[at]) * head.scaleXY - shift) / columns) * inputWidth;
        const y = ((row + activate(data[at + plane]) * head.scaleXY - shift) / rows) * inputHeight;
        const tw = data[at + 2 * plane];
        const th = data[at + 3 * plane];
        const w = head.newCoords ? tw * tw * 4 * anchorWidth : Math.exp(tw) * anchorWidth;
        const h = head.newCoords ? th * th * 4 * anchorHeight : Math.exp(th) * anchorHeight;
        const push = (probability: number, k: number) => {
          const category = categoryOf(categories, k);
          if (category >= 0)
            into.push(x - w / 2, y - h / 2, x + w / 2, y + h / 2, probability, category);
        };
        if (multiLabel) {
          for (let k = 0; k < head.classes; k++) {
            const probability = objectness * activate(data[at + (5 + k) * plane]);
            if (probability >= threshold) push(probability, k);
          }
          continue;
        }
        let best = 0;
        let bestClass = 0;
        for (let k = 0; k < head.classes; k++) {
          const probability = objectness * activate(data[at + (5 + k) * plane]);
          if (probability > best) {
            best = probability;
            bestClass = k;
          }
        }
        if (best >= threshold) push(best, bestClass);
      }
    });
  }
}
