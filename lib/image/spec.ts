import { invalidArgument } from '../errors.js';
import type { NativePreprocessSpec } from '../native/types.js';

/**
 * How a model wants its input. Normalization, per output channel c (after
 * `channelOrder`):
 *
 *     out = (value * scale - mean[c]) / std[c]      (float32, in that order)
 *
 * where `value` is the resized pixel in 0..255 (an integer for 'bilinear',
 * 'area' and 'nearest', which round as cv2.resize does on uint8 images), or
 * `padValue` in the letterbox border. 'darknet' scales first, as darknet
 * does: each pixel becomes float32(p * scale) (for 1/255, darknet's p / 255.),
 * the resize interpolates those, and out = (value - mean[c]) / std[c]; with
 * the default mean 0 and std 1 that is darknet's network input bit for bit.
 * So /255 is `{ scale: 1 / 255 }`, ImageNet is `{ scale: 1 / 255, mean:
 * [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }`, (x - 128) / 128 is
 * `{ scale: 1, mean: 128, std: 128 }`, and raw bytes are `{ dtype: 'uint8' }`.
 *
 * Placement ('letterbox' and 'keep-ratio' both scale by r = min(W / w, H / h)
 * and pad the rest with `padValue`):
 *  - the resized size is `rounding` of w * r and h * r, computed in double
 *    as the Python references do: 'half-even' = round() (yolov5/Ultralytics
 *    letterbox()), 'floor' = int() (YOLOX preproc: even the limiting side can come out W - 1),
 *    'ceil' = min(ceil(), W) (yolov5/Ultralytics dataset load_image),
 *    'integer' = the limiting side exactly W (H), the other (h * W) / w in
 *    integers (darknet letterbox_image; NanoDet's C++ demos and tensorrt_demos,
 *    which floor the other side in double: different in ~1 size in 10,000);
 *    'none' = no rounding: NanoDet's Python evaluation (warp_and_resize with
 *    keep_ratio) maps x' = r x + (W - r w) / 2 exactly and samples every input
 *    pixel as cv2.warpPerspective does (bilinear in float32, the border taps
 *    reading padValue): fractional offsets, within 1 of OpenCV 5;
 *  - the offset is floor((W - resized) / 2) when `anchor` is 'center' (the
 *    same as yolov5's round(dw - 0.1)), 0 for 'top-left';
 *  - 'letterbox' maps boxes back with the pixel scale actually applied
 *    (resized / source, per axis: darknet's correct_yolo_boxes, NanoDet's
 *    C++ demos); 'keep-ratio' with r itself on both axes (YOLOX's boxes / r).
 *    The two differ by under a pixel, which is still a different number.
 */
export interface PreprocessSpec {
  width: number;
  height: number;
  /** 'stretch' (default) fills the input; 'letterbox' and 'keep-ratio' keep the aspect ratio. */
  resize?: 'stretch' | 'letterbox' | 'keep-ratio';
  /** Letterbox / keep-ratio placement: 'center' (default) or 'top-left'. */
  anchor?: 'center' | 'top-left';
  /**
   * Letterbox / keep-ratio: how w * r becomes whole pixels (see above), or
   * 'none' for NanoDet's warp ('bilinear' only, padValue 0..255).
   * Default: 'integer' with 'darknet' interpolation, 'floor' for
   * 'keep-ratio', 'half-even' otherwise.
   */
  rounding?: 'half-even' | 'floor' | 'ceil' | 'integer' | 'none';
  /** Letterbox / keep-ratio: false never enlarges (r capped at 1, Ultralytics scaleup=False). Default true. */
  scaleUp?: boolean;
  /**
   * Letterbox border, as a pixel value 0..255 before normalization (default
   * 127.5, darknet's 0.5; 127 for uint8 output, which needs an integer).
   */
  padValue?: number;
  /**
   * 'bilinear' (default): cv2.resize INTER_LINEAR. 'area': yolov5's rule,
   * cv2.INTER_AREA while the image shrinks (both axes), INTER_LINEAR when it
   * grows. 'darknet': darknet's resize_image (corner-aligned). 'nearest':
   * cv2.resize INTER_NEAREST.
   */
  interpolation?: 'bilinear' | 'darknet' | 'nearest' | 'area';
  /**
   * 3 (default), or 1: each pixel becomes one gray byte before resizing, by
   * `grayConversion`.
   */
  channels?: 1 | 3;
  /**
   * One channel: 'opencv' = cv2.cvtColor(COLOR_RGB2GRAY), (9798 R + 19235 G
   * + 3735 B + 2^14) >> 15; 'darknet' = darknet's load_image with c = 1
   * through stb_image, (77 R + 150 G + 29 B) >> 8. Default 'darknet' with
   * 'darknet' interpolation, else 'opencv'.
   */
  grayConversion?: 'opencv' | 'darknet';
  /** Output channel order (default 'rgb'); decoded images are RGB. */
  channelOrder?: 'rgb' | 'bgr';
  /** Default 1 / 255 (1 for uint8 output, which takes no other). */
  scale?: number;
  /** One value or one per output channel (default 0; uint8 output takes only 0). */
  mean?: number | readonly number[];
  /** One value or one per output channel (default 1; uint8 output takes only 1). */
  std?: number | readonly number[];
  layout?: 'nchw' | 'nhwc';
  /** 'float32' (default), 'float16', or 'uint8': the resized bytes as they are. */
  dtype?: 'float32' | 'float16' | 'uint8';
}

export type NormalizedPreprocessSpec = NativePreprocessSpec;

function oneOf<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value))
    return value as T;
  throw invalidArgument(allowed.map((item) => `'${item}'`).join(' or '), name, value);
}

function finite(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw invalidArgument('a finite number', name, value);
  }
  return value;
}

function perChannel(
  value: unknown,
  name: string,
  fallback: number,
  channels: 1 | 3,
): [number, number, number] {
  if (Array.isArray(value)) {
    const values = value.map((item, index) => finite(item, `${name}[${index}]`, fallback));
    const single = channels === 1 && values.length === 3 && values.every((v) => v === values[0]);
    if (values.length === channels || single) {
      return channels === 1
        ? [values[0], values[0], values[0]]
        : (values as [number, number, number]);
    }
    throw invalidArgument(channels === 1 ? '1 number' : '3 numbers', name, value);
  }
  const single = finite(value, name, fallback);
  return [single, single, single];
}

function dimension(value: unknown, name: string): number {
  if (!Number.isInteger(value) || (value as number) < 1 || (value as number) > 16384) {
    throw invalidArgument('an integer from 1 to 16384', name, value);
  }
  return value as number;
}

function channelCount(value: unknown): 1 | 3 {
  if (value === undefined) return 3;
  if (value === 1 || value === 3) return value;
  throw invalidArgument('1 or 3', 'spec.channels', value);
}

function booleanOr(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidArgument('true or false', name, value);
  return value;
}

/** uint8 carries the resized bytes: no normalization, a byte of padding. */
function checkUint8(spec: NormalizedPreprocessSpec): void {
  if (spec.scale !== 1) throw invalidArgument('1 (uint8 output)', 'spec.scale', spec.scale);
  if (spec.mean.some((value) => value !== 0))
    throw invalidArgument('0 (uint8 output)', 'spec.mean', spec.mean);
  if (spec.std.some((value) => value !== 1))
    throw invalidArgument('1 (uint8 output)', 'spec.std', spec.std);
  if (spec.interpolation === 'darknet') {
    throw invalidArgument(
      "'bilinear', 'area' or 'nearest' (uint8 output; 'darknet' resizes scaled floats)",
      'spec.interpolation',
      spec.interpolation,
    );
  }
  if (!Number.isInteger(spec.padValue) || spec.padValue < 0 || spec.padValue > 255) {
    throw invalidArgument(
      'an integer from 0 to 255 (uint8 output)',
      'spec.padValue',
      spec.padValue,
    );
  }
}

/** NanoDet's warp samples bilinearly and borders with a pixel value. */
function checkWarp(spec: NormalizedPreprocessSpec): void {
  if (spec.interpolation !== 'bilinear') {
    throw invalidArgument("'bilinear' (rounding 'none')", 'spec.interpolation', spec.interpolation);
  }
  if (spec.padValue < 0 || spec.padValue > 255) {
    throw invalidArgument(
      "a value from 0 to 255 (rounding 'none')",
      'spec.padValue',
      spec.padValue,
    );
  }
}

/** The rounding a spec gets when it names none: darknet's, YOLOX's for keep-ratio, else round(). */
export function defaultRounding(
  interpolation: NormalizedPreprocessSpec['interpolation'],
  resize: NormalizedPreprocessSpec['resize'],
): NormalizedPreprocessSpec['rounding'] {
  return interpolation === 'darknet' ? 'integer' : resize === 'keep-ratio' ? 'floor' : 'half-even';
}

/**
 * Validates a spec and fills in the defaults (the form the addon takes).
 * Throws TrtmapError ERR_INVALID_ARGUMENT naming the field.
 */
export function normalizePreprocessSpec(spec: PreprocessSpec): NormalizedPreprocessSpec {
  if (spec === null || typeof spec !== 'object')
    throw invalidArgument('a preprocessing spec', 'spec', spec);
  const interpolation = oneOf(
    spec.interpolation,
    'spec.interpolation',
    ['bilinear', 'darknet', 'nearest', 'area'],
    'bilinear',
  );
  const resize = oneOf(
    spec.resize,
    'spec.resize',
    ['stretch', 'letterbox', 'keep-ratio'],
    'stretch',
  );
  const dtype = oneOf(spec.dtype, 'spec.dtype', ['float32', 'float16', 'uint8'], 'float32');
  const channels = channelCount(spec.channels);
  const std = perChannel(spec.std, 'spec.std', 1, channels);
  if (std.some((value) => value === 0))
    throw invalidArgument('non-zero numbers', 'spec.std', spec.std);
  const darknet = interpolation === 'darknet';
  const normalized: NormalizedPreprocessSpec = {
    width: dimension(spec.width, 'spec.width'),
    height: dimension(spec.height, 'spec.height'),
    resize,
    anchor: oneOf(spec.anchor, 'spec.anchor', ['center', 'top-left'], 'center'),
    rounding: oneOf(
      spec.rounding,
      'spec.rounding',
      ['half-even', 'floor', 'ceil', 'integer', 'none'],
      defaultRounding(interpolation, resize),
    ),
    scaleUp: booleanOr(spec.scaleUp, 'spec.scaleUp', true),
    padValue: finite(spec.padValue, 'spec.padValue', dtype === 'uint8' ? 127 : 127.5),
    interpolation,
    channels,
    grayConversion: oneOf(
      spec.grayConversion,
      'spec.grayConversion',
      ['opencv', 'darknet'],
      darknet ? 'darknet' : 'opencv',
    ),
    channelOrder: oneOf(spec.channelOrder, 'spec.channelOrder', ['rgb', 'bgr'], 'rgb'),
    scale: finite(spec.scale, 'spec.scale', dtype === 'uint8' ? 1 : 1 / 255),
    mean: perChannel(spec.mean, 'spec.mean', 0, channels),
    std,
    layout: oneOf(spec.layout, 'spec.layout', ['nchw', 'nhwc'], 'nchw'),
    dtype,
  };
  if (dtype === 'uint8') checkUint8(normalized);
  if (normalized.rounding === 'none' && resize !== 'stretch') checkWarp(normalized);
  return normalized;
}

/** Bytes of one element of the model input. */
export function elementBytes(spec: NormalizedPreprocessSpec): number {
  return spec.dtype === 'float32' ? 4 : spec.dtype === 'float16' ? 2 : 1;
}

/** Bytes of one image's slice of the model input. */
export function imageTensorBytes(spec: NormalizedPreprocessSpec): number {
  return spec.width * spec.height * spec.channels * elementBytes(spec);
}

/** Shape of a batch of `count` images. */
export function tensorShape(spec: NormalizedPreprocessSpec, count: number): number[] {
  return spec.layout === 'nchw'
    ? [count, spec.channels, spec.height, spec.width]
    : [count, spec.height, spec.width, spec.channels];
}
