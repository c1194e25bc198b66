import { TrtmapError, invalidArgument } from '../errors.js';
import type { NativePreprocessSpec } from '../native/types.js';

/**
 * How a model wants its input. Normalization, per output channel c (after
 * `channelOrder`):
 *
 *     out = (value * scale - mean[c]) / std[c]      (float32, in that order)
 *
 * where `value` is the resized pixel in 0..255 (an integer for 'bilinear' and
 * 'nearest', which round like cv2.resize on uint8 images), or `padValue` in
 * the letterbox border. 'darknet' scales first, as darknet does: each pixel
 * becomes float32(p * scale) (for 1/255, darknet's p / 255.), the resize
 * interpolates those, and out = (value - mean[c]) / std[c]; with the default
 * mean 0 and std 1 that is darknet's network input bit for bit. So /255 is
 * `{ scale: 1 / 255 }`, ImageNet is `{ scale: 1 / 255, mean: [0.485, 0.456,
 * 0.406], std: [0.229, 0.224, 0.225] }`, and (x - 128) / 128 is
 * `{ scale: 1, mean: 128, std: 128 }`.
 */
export interface PreprocessSpec {
  width: number;
  height: number;
  /** 'stretch' (default) fills the input; 'letterbox' keeps the aspect ratio. */
  resize?: 'stretch' | 'letterbox';
  /** Letterbox placement: 'center' (default) or 'top-left'. */
  anchor?: 'center' | 'top-left';
  /** Letterbox border, as a pixel value 0..255 before normalization (default 127.5, darknet's 0.5). */
  padValue?: number;
  /**
   * 'bilinear' (default): cv2.resize INTER_LINEAR. 'darknet': darknet's
   * resize_image (corner-aligned). 'nearest': cv2.resize INTER_NEAREST.
   * 'area' (cv2 INTER_AREA) is not implemented yet.
   */
  interpolation?: 'bilinear' | 'darknet' | 'nearest' | 'area';
  /** Output channel order (default 'rgb'); decoded images are RGB. */
  channelOrder?: 'rgb' | 'bgr';
  /** Default 1 / 255. */
  scale?: number;
  /** One value or one per output channel (default 0). */
  mean?: number | readonly number[];
  /** One value or one per output channel (default 1). */
  std?: number | readonly number[];
  layout?: 'nchw' | 'nhwc';
  dtype?: 'float32' | 'float16';
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

function triple(value: unknown, name: string, fallback: number): [number, number, number] {
  if (Array.isArray(value)) {
    if (value.length !== 3) throw invalidArgument('3 numbers', name, value);
    return value.map((item, index) => finite(item, `${name}[${index}]`, fallback)) as [
      number,
      number,
      number,
    ];
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

/** Validates a spec and fills in the defaults (the form the addon takes). */
export function normalizePreprocessSpec(spec: PreprocessSpec): NormalizedPreprocessSpec {
  if (spec === null || typeof spec !== 'object')
    throw invalidArgument('a preprocessing spec', 'spec', spec);
  const interpolation = oneOf(
    spec.interpolation,
    'spec.interpolation',
    ['bilinear', 'darknet', 'nearest', 'area'],
    'bilinear',
  );
  if (interpolation === 'area') {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      "interpolation 'area' is not implemented yet; use 'bilinear'",
    );
  }
  const std = triple(spec.std, 'spec.std', 1);
  if (std.some((value) => value === 0))
    throw invalidArgument('non-zero numbers', 'spec.std', spec.std);
  return {
    width: dimension(spec.width, 'spec.width'),
    height: dimension(spec.height, 'spec.height'),
    resize: oneOf(spec.resize, 'spec.resize', ['stretch', 'letterbox'], 'stretch'),
    anchor: oneOf(spec.anchor, 'spec.anchor', ['center', 'top-left'], 'center'),
    padValue: finite(spec.padValue, 'spec.padValue', 127.5),
    interpolation,
    channelOrder: oneOf(spec.channelOrder, 'spec.channelOrder', ['rgb', 'bgr'], 'rgb'),
    scale: finite(spec.scale, 'spec.scale', 1 / 255),
    mean: triple(spec.mean, 'spec.mean', 0),
    std,
    layout: oneOf(spec.layout, 'spec.layout', ['nchw', 'nhwc'], 'nchw'),
    dtype: oneOf(spec.dtype, 'spec.dtype', ['float32', 'float16'], 'float32'),
  };
}

/** Bytes of one image's slice of the model input. */
export function imageTensorBytes(spec: NormalizedPreprocessSpec): number {
  return spec.width * spec.height * 3 * (spec.dtype === 'float16' ? 2 : 4);
}

/** Shape of a batch of `count` images. */
export function tensorShape(spec: NormalizedPreprocessSpec, count: number): number[] {
  return spec.layout === 'nchw'
    ? [count, 3, spec.height, spec.width]
    : [count, spec.height, spec.width, 3];
}
