import { TrtmapError } from '../errors.js';
import { describeOutputs, describeTensor, dimsOf, type ModelDescription } from './model.js';
import type { UltralyticsMetadata } from './metadata.js';
import type { Family, ModelTensor } from './types.js';

/** Which roles each family's outputs play, for messages and --outputs. */
export const familyRoles: Record<Family, string> = {
  yolov5: 'predictions',
  yolov8: 'predictions',
  yolox: 'predictions',
  fastestdet: 'predictions',
  gfl: 'scores (one per level), boxes (one per level), or combined',
  efficientnms: 'count, boxes, scores, classes',
  'nms-trt': 'detections, keepCount',
  'deepstream-yolo': 'detections, or boxes, scores, classes',
  'yolo-layer': 'detections (one or one per YOLO layer)',
  detr: 'boxes, logits',
  ssd: 'boxes, scores',
  darknet: '(none: the heads are in the metadata)',
  custom: '(none: the decoder gets every output)',
};

export interface FamilyGuess {
  family: Family;
  reason: string;
}

export interface DetectionContext {
  inputWidth?: number;
  inputHeight?: number;
  /** Classes the contract knows of (metadata names, --classes), if any. */
  classCount?: number;
  ultralytics?: UltralyticsMetadata;
}

/** Per-image dims of an output (without a leading batch dimension when `rank` says there is one). */
export const rankOf = (tensor: ModelTensor) => tensor.shape.length;
export const last = (tensor: ModelTensor) => dimsOf(tensor)[rankOf(tensor) - 1];

/** Cells of a multi-stride head at strides 8, 16, 32 (input // stride). */
function gridCells(width: number, height: number): number {
  return [8, 16, 32].reduce((sum, s) => sum + Math.floor(width / s) * Math.floor(height / s), 0);
}

/**
 * The decoding family a model's outputs and metadata identify, with the
 * reason; an ambiguous or unknown signature is ERR_MODEL_CONTRACT listing the
 * outputs and the flags that settle it. Never a silent guess: the reason is
 * printed with every evaluation.
 */
export function detectFamily(model: ModelDescription, context: DetectionContext): FamilyGuess {
  if (model.darknet !== undefined)
    return { family: 'darknet', reason: 'trtmap darknet decode metadata (trtmap.decoder)' };
  const ultralytics = context.ultralytics;
  if (ultralytics?.task !== undefined && ultralytics.task !== 'detect') {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `${model.path ?? 'the model'} is an Ultralytics '${ultralytics.task}' model; trtmap evaluates detection models (task 'detect')`,
    );
  }
  const outputs = model.outputs;
  const guess = (family: Family, reason: string): FamilyGuess => ({ family, reason });
  if (ultralytics?.end2end && outputs.length === 1 && last(outputs[0]) === 6)
    return guess(
      'deepstream-yolo',
      `Ultralytics end2end metadata and ${describeTensor(outputs[0])} rows of x1, y1, x2, y2, score, class (NMS in the graph)`,
    );
  if (isPluginNms(outputs))
    return guess(
      'efficientnms',
      `4 outputs shaped as EfficientNMS_TRT / BatchedNMS_TRT's count, boxes, scores, classes`,
    );
  const seven = outputs.find(
    (o) => last(o) === 7 && (rankOf(o) === 4 || rankOf(o) === 3) && dimsOf(o)[rankOf(o) - 2] > 1,
  );
  if (seven && outputs.length <= 2)
    return guess('nms-trt', `${describeTensor(seven)}: NMS_TRT's [N, 1, keepTopK, 7] detections`);
  if (outputs.length >= 1 && outputs.every(isYoloLayerOutput))
    return guess(
      'yolo-layer',
      `${outputs.map(describeTensor).join(', ')}: tensorrt_demos yolo_layer records of 7 floats`,
    );
  if (outputs.length === 1 && rankOf(outputs[0]) === 3 && last(outputs[0]) === 6)
    return guess(
      'deepstream-yolo',
      `${describeTensor(outputs[0])}: DeepStream-Yolo rows of x1, y1, x2, y2, score, class`,
    );
  const pair = boxPair(outputs);
  if (pair?.kind === 'detr')
    return guess('detr', `${pair.names}: DETR set outputs (boxes, logits)`);
  if (pair?.kind === 'ssd') return guess('ssd', `${pair.names}: SSD boxes and per-class scores`);
  if (gflPairs(outputs) !== undefined)
    return guess(
      'gfl',
      `${outputs.length / 2} pairs of class-score and box-distribution outputs per level (a GFL head: NanoDet, PicoDet)`,
    );
  if (outputs.length === 1 && rankOf(outputs[0]) === 4)
    return guess(
      'fastestdet',
      `${describeTensor(outputs[0])}: one [N, 5 + C, H, W] map (FastestDet's head)`,
    );
  const single = singleRowsOutput(outputs);
  if (single !== undefined) return rowsFamily(model, single, context);
  throw ambiguous(model, 'its outputs match no family trtmap knows');
}

/** One rank-3 output: YOLOv5 rows, YOLOv8 (either layout) or YOLOX grids, told apart by the anchor count and the class count. */
function rowsFamily(
  model: ModelDescription,
  output: ModelTensor,
  context: DetectionContext,
): FamilyGuess {
  const [, a, b] = dimsOf(output);
  const nc = context.classCount;
  const from = context.ultralytics ? 'Ultralytics metadata and ' : '';
  if (a > 0 && b > 0 && a < b) {
    // Only Ultralytics exports anchors along the last axis; a wrong class list is reported by the checks later.
    return {
      family: 'yolov8',
      reason: `${from}${describeTensor(output)}: [N, 4 + C, anchors], the Ultralytics YOLOv8/YOLO11 layout`,
    };
  }
  if (a > 0 && b > 0 && a > b) {
    if (nc !== undefined && b === 5 + nc && context.ultralytics)
      return {
        family: 'yolov5',
        reason: `${from}${describeTensor(output)}: [N, anchors, 5 + ${nc}] rows with objectness (YOLOv5/v7)`,
      };
    const width = context.inputWidth ?? 0;
    const height = context.inputHeight ?? 0;
    const cells = width > 0 && height > 0 ? gridCells(width, height) : 0;
    if (cells > 0 && a === 3 * cells && (nc === undefined || b === 5 + nc))
      return {
        family: 'yolov5',
        reason: `${describeTensor(output)}: 3 anchors per cell of strides 8, 16, 32 at ${width}x${height}, rows of 5 + C (YOLOv5/v7 with objectness)`,
      };
    if (cells > 0 && a === cells && nc !== undefined) {
      if (b === 5 + nc)
        return {
          family: 'yolox',
          reason: `${describeTensor(output)}: one row per cell of strides 8, 16, 32 and 5 + ${nc} values (YOLOX raw grid)`,
        };
      if (b === 4 + nc)
        return {
          family: 'yolov8',
          reason: `${describeTensor(output)}: one row per cell and 4 + ${nc} values (a transposed YOLOv8)`,
        };
    }
    if (cells > 0 && a === cells)
      throw ambiguous(
        model,
        `${describeTensor(output)} has one row per grid cell: a YOLOX raw grid [N, cells, 5 + C] or a transposed YOLOv8 [N, cells, 4 + C]`,
        'pass --preset yolox or --preset yolov8 (or --classes, which tells 5 + C from 4 + C)',
      );
  }
  throw ambiguous(model, `${describeTensor(output)} could be YOLOv5 rows, YOLOv8 or a YOLOX grid`);
}

function ambiguous(model: ModelDescription, why: string, fix?: string): TrtmapError {
  return new TrtmapError(
    'ERR_MODEL_CONTRACT',
    `cannot tell how to decode ${model.path ?? 'the model'}: ${why}. Its outputs: ${describeOutputs(model)}. ${fix ?? 'Pass --preset (yolov5, yolov8, yolox, nanodet, efficientnms, yolo-layer, deepstream-yolo, detr, ssd-mobilenet-v1, fastestdet), or --family with --outputs role=name, or a --model-config file'}`,
  );
}

function isPluginNms(outputs: readonly ModelTensor[]): boolean {
  if (outputs.length !== 4) return false;
  const count = outputs.filter((o) => perImageElements(o) === 1);
  const boxes = outputs.filter((o) => rankOf(o) === 3 && last(o) === 4);
  const rows = outputs.filter((o) => rankOf(o) === 2 && last(o) > 1);
  return count.length === 1 && boxes.length === 1 && rows.length === 2;
}

export function isYoloLayerOutput(output: ModelTensor): boolean {
  const dims = dimsOf(output);
  const implicit = dims.length === 3 && dims[1] === 1 && dims[2] === 1;
  const explicit = dims.length === 4 && dims[2] === 1 && dims[3] === 1;
  const values = implicit ? dims[0] : explicit ? dims[1] : -1;
  return values > 7 && values % 7 === 0;
}

export function perImageElements(output: ModelTensor): number {
  const dims = dimsOf(output).slice(1);
  return dims.reduce((product, size) => product * size, 1);
}

function singleRowsOutput(outputs: readonly ModelTensor[]): ModelTensor | undefined {
  const rank3 = outputs.filter((o) => rankOf(o) === 3);
  if (rank3.length === 1) return rank3[0];
  return rank3.find((o) => o.name === 'output' || o.name === 'output0');
}

/** Two rank-3 outputs sharing their anchors, one of 4 values: SSD (boxes, scores) or DETR (boxes, logits). */
function boxPair(
  outputs: readonly ModelTensor[],
): { kind: 'ssd' | 'detr'; names: string } | undefined {
  if (outputs.length !== 2 || !outputs.every((o) => rankOf(o) === 3)) return undefined;
  const [p, q] = outputs;
  if (dimsOf(p)[1] !== dimsOf(q)[1]) return undefined;
  const boxes = [p, q].filter((o) => last(o) === 4);
  if (boxes.length !== 1) return undefined;
  const other = boxes[0] === p ? q : p;
  const names = `${describeTensor(boxes[0])} and ${describeTensor(other)}`;
  if (/logit/i.test(other.name)) return { kind: 'detr', names };
  if (/score|conf/i.test(other.name)) return { kind: 'ssd', names };
  return undefined;
}

/** NanoDet-style per-level outputs: for each cell count, one [.., cells, C] and one [.., cells, 4 x bins]. */
export function gflPairs(
  outputs: readonly ModelTensor[],
  bins?: number,
): { scores: ModelTensor[]; boxes: ModelTensor[] } | undefined {
  if (outputs.length < 4 || outputs.length % 2 !== 0) return undefined;
  if (!outputs.every((o) => rankOf(o) === 3 || rankOf(o) === 2)) return undefined;
  const lastDims = [...new Set(outputs.map(last))];
  if (lastDims.length !== 2 || lastDims.some((d) => d <= 0)) return undefined;
  const boxWidth = pickBoxWidth(lastDims, bins);
  if (boxWidth === undefined || boxWidth < 8) return undefined;
  const cellsOf = (o: ModelTensor) => dimsOf(o)[rankOf(o) - 2];
  const scores = outputs
    .filter((o) => last(o) !== boxWidth)
    .sort((x, y) => cellsOf(y) - cellsOf(x));
  const boxes = outputs.filter((o) => last(o) === boxWidth).sort((x, y) => cellsOf(y) - cellsOf(x));
  if (scores.length !== boxes.length) return undefined;
  if (!scores.every((s, i) => cellsOf(s) === cellsOf(boxes[i]) && cellsOf(s) > 0)) return undefined;
  if (new Set(scores.map(cellsOf)).size !== scores.length) return undefined;
  return { scores, boxes };
}

/** Which of two last dimensions is 4 x bins: the given bins, the only multiple of 4, or 32 (NanoDet / PicoDet's reg_max 7). */
function pickBoxWidth(dims: number[], bins?: number): number | undefined {
  if (bins !== undefined) return dims.includes(4 * bins) ? 4 * bins : undefined;
  const multiples = dims.filter((d) => d % 4 === 0);
  if (multiples.length === 1) return multiples[0];
  if (dims.includes(32)) return 32;
  return undefined;
}
