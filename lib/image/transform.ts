import type { InputPlacement } from '../detect/types.js';
import type { NativePlacement, NativePreprocessSpec } from '../native/types.js';

/**
 * How one source image was placed in the model input:
 * x_input = x_source * scaleX + offsetX (likewise y). Boxes found in model
 * input coordinates map back with `toSourceBox`. Declared once, in the pure
 * detection module that consumes it.
 */
export type BoxTransform = InputPlacement;

/** Where one image went, as the preprocessing placed it (pixels). */
export interface ImagePlacement {
  sourceWidth: number;
  sourceHeight: number;
  resizedWidth: number;
  resizedHeight: number;
  offsetX: number;
  offsetY: number;
  /** The ratio r = min(W / w, H / h) (capped at 1 without scaleUp) letterbox / keep-ratio used. */
  ratio: number;
  /**
   * The resampling the image got: 'area' becomes 'bilinear' for an image that
   * grows; 'warp' is rounding 'none' (NanoDet's warpPerspective), where the
   * resized size is the whole input and the offsets are fractional.
   */
  sampler: 'bilinear' | 'darknet' | 'nearest' | 'area' | 'warp';
}

export function placementFromNative(placement: NativePlacement): ImagePlacement {
  return {
    sourceWidth: placement.sourceWidth,
    sourceHeight: placement.sourceHeight,
    resizedWidth: placement.resizedWidth,
    resizedHeight: placement.resizedHeight,
    offsetX: placement.offsetX,
    offsetY: placement.offsetY,
    ratio: placement.ratio,
    sampler: placement.sampler,
  };
}

/**
 * The box transform of a placement: 'stretch' and 'letterbox' scale by the
 * pixels actually resized (resized / source, per axis); 'keep-ratio' and the
 * warp (rounding 'none') by the ratio r on both axes, as YOLOX (boxes / r)
 * and NanoDet (the inverse warp matrix) do.
 */
export function transformFromPlacement(
  placement: ImagePlacement,
  resize: NativePreprocessSpec['resize'],
): BoxTransform {
  const keepRatio = resize === 'keep-ratio' || placement.sampler === 'warp';
  return {
    sourceWidth: placement.sourceWidth,
    sourceHeight: placement.sourceHeight,
    scaleX: keepRatio ? placement.ratio : placement.resizedWidth / placement.sourceWidth,
    scaleY: keepRatio ? placement.ratio : placement.resizedHeight / placement.sourceHeight,
    offsetX: placement.offsetX,
    offsetY: placement.offsetY,
  };
}

/** [x1, y1, x2, y2] in model input pixels -> source image pixels (unclipped). */
export function toSourceBox(
  box: readonly [number, number, number, number],
  transform: BoxTransform,
): [number, number, number, number] {
  return [
    (box[0] - transform.offsetX) / transform.scaleX,
    (box[1] - transform.offsetY) / transform.scaleY,
    (box[2] - transform.offsetX) / transform.scaleX,
    (box[3] - transform.offsetY) / transform.scaleY,
  ];
}
