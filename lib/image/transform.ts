import type { InputPlacement } from '../detect/types.js';
import type { NativePlacement } from '../native/types.js';

/**
 * How one source image was placed in the model input:
 * x_input = x_source * scaleX + offsetX (likewise y). Boxes found in model
 * input coordinates map back with `toSourceBox`. Declared once, in the pure
 * detection module that consumes it.
 */
export type BoxTransform = InputPlacement;

export function transformFromPlacement(placement: NativePlacement): BoxTransform {
  return {
    sourceWidth: placement.sourceWidth,
    sourceHeight: placement.sourceHeight,
    scaleX: placement.resizedWidth / placement.sourceWidth,
    scaleY: placement.resizedHeight / placement.sourceHeight,
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
