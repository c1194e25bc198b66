import type { YoloDecoderMetadata } from '../darknet/metadata.js';
import { TrtmapError } from '../errors.js';
import type { ModelDescription } from './model.js';
import { type PythonValue, parsePythonLiteral } from './python-literal.js';
import type { PartialContract } from './types.js';

/** What Ultralytics (and yolov5) write into an exported model: `nn/autobackend.py` reads the same keys. */
export interface UltralyticsMetadata {
  names?: string[];
  /** [height, width]. */
  imgsz?: [number, number];
  stride?: number;
  task?: string;
  end2end?: boolean;
  channels?: number;
  /** Which of the keys were present, for --print-config. */
  keys: string[];
}

/** The Ultralytics keys of a model's metadata, or undefined when it has none (not an Ultralytics export). */
export function readUltralyticsMetadata(
  metadata: Readonly<Record<string, unknown>> | undefined,
): UltralyticsMetadata | undefined {
  if (metadata === undefined || metadata.names === undefined) return undefined;
  if (metadata.stride === undefined && metadata.imgsz === undefined && metadata.task === undefined)
    return undefined;
  const value = (key: string): PythonValue | undefined => {
    const raw = metadata[key];
    if (raw === undefined) return undefined;
    if (typeof raw !== 'string') return raw as PythonValue;
    // Ultralytics writes str(value): a plain string ("detect") is not a Python literal.
    try {
      return parsePythonLiteral(raw, `model metadata '${key}'`);
    } catch (error) {
      if (key === 'names') throw error;
      return raw;
    }
  };
  const result: UltralyticsMetadata = { keys: [] };
  const names = value('names');
  result.names = namesOf(names);
  result.keys.push('names');
  const imgsz = value('imgsz');
  if (Array.isArray(imgsz) && imgsz.length === 2 && imgsz.every((v) => typeof v === 'number')) {
    result.imgsz = [imgsz[0] as number, imgsz[1] as number];
    result.keys.push('imgsz');
  } else if (typeof imgsz === 'number') {
    result.imgsz = [imgsz, imgsz];
    result.keys.push('imgsz');
  }
  const stride = value('stride');
  if (typeof stride === 'number') {
    result.stride = stride;
    result.keys.push('stride');
  }
  const task = value('task');
  if (typeof task === 'string') {
    result.task = task;
    result.keys.push('task');
  }
  const end2end = value('end2end');
  if (typeof end2end === 'boolean') {
    result.end2end = end2end;
    result.keys.push('end2end');
  }
  const channels = value('channels');
  if (typeof channels === 'number') {
    result.channels = channels;
    result.keys.push('channels');
  }
  return result;
}

function namesOf(value: PythonValue | undefined): string[] {
  if (Array.isArray(value) && value.every((name) => typeof name === 'string'))
    return value as string[];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value).map(([key, name]) => [Number(key), name] as const);
    if (
      entries.every(([key, name]) => Number.isInteger(key) && key >= 0 && typeof name === 'string')
    ) {
      const names: string[] = [];
      for (const [key, name] of entries) names[key] = name as string;
      return Array.from(names, (name, k) => name ?? `class ${k}`);
    }
  }
  throw new TrtmapError(
    'ERR_PARSE',
    "model metadata 'names' is neither a list of names nor a {index: name} dict",
  );
}

/** The contract values an Ultralytics export states about itself. */
export function ultralyticsLayer(metadata: UltralyticsMetadata): PartialContract {
  const values: PartialContract = {
    classes: { source: 'metadata', names: metadata.names, match: 'name' },
  };
  if (metadata.imgsz) values.input = { height: metadata.imgsz[0], width: metadata.imgsz[1] };
  if (metadata.channels === 1 || metadata.channels === 3)
    values.input = { ...values.input, channels: metadata.channels };
  if (metadata.end2end) values.output = { nmsInGraph: true, boxFormat: 'xyxy' };
  return values;
}

/**
 * The contract of a darknet model converted by trtmap, from its decode
 * metadata: input size, letter_box, scale, darknet's resize and the NMS of its
 * last [yolo] layer (greedynms: DIoU with exponent 0.6; diounms: beta_nms;
 * otherwise per-class IoU); 80 classes are COCO's, 20 VOC's, otherwise class k
 * is category k + 1.
 */
export function darknetLayer(metadata: YoloDecoderMetadata): PartialContract {
  const classes = metadata.heads[0]?.classes ?? 0;
  const nms =
    metadata.nmsKind === 'greedynms'
      ? ({ nms: 'diou', beta: 0.6 } as const)
      : metadata.nmsKind === 'diounms'
        ? ({ nms: 'diou', beta: metadata.betaNms } as const)
        : ({ nms: 'multi-label' } as const);
  return {
    input: {
      width: metadata.inputWidth,
      height: metadata.inputHeight,
      channels: metadata.channels === 1 ? 1 : 3,
      resize: metadata.letterBox ? 'letterbox' : 'stretch',
      scale: metadata.scale,
      interpolation: 'darknet',
      channelOrder: 'rgb',
    },
    output: { family: 'darknet' },
    postprocess: { ...nms, iou: metadata.nmsThreshold },
    classes:
      classes === 80
        ? { source: 'coco80' }
        : classes === 20
          ? { source: 'voc' }
          : { source: 'indices' },
  };
}

/** The metadata layer of a model and what it says, for the resolver. */
export function metadataOf(model: ModelDescription): {
  values?: PartialContract;
  source?: string;
  ultralytics?: UltralyticsMetadata;
} {
  if (model.darknet !== undefined) {
    return { values: darknetLayer(model.darknet), source: 'model metadata (trtmap.decoder)' };
  }
  const ultralytics = readUltralyticsMetadata(model.metadata);
  if (ultralytics === undefined) return {};
  return {
    values: ultralyticsLayer(ultralytics),
    source: `model metadata (${ultralytics.keys.join(', ')})`,
    ultralytics,
  };
}
