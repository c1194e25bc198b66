/**
 * Counts for the "boxes normalized to 0..1" check: how many detections lie
 * inside the unit square, and how many of the references they are measured
 * against (image sizes, or ground-truth boxes where no size is known) are
 * clearly in pixels.
 */
export interface UnitSquareCounts {
  detections: number;
  /** Detections whose four corners all lie in [0, 1] (with a little slack for rounding). */
  insideUnitSquare: number;
  references: number;
  /** References that extend well beyond 1 (an image wider than 2 pixels, a box ending past 1.5). */
  inPixels: number;
}

const slack = 0.01;

/** Whether the corner box [x1, y1, x2, y2] lies inside [0, 1] x [0, 1]. */
export function insideUnitSquare(x1: number, y1: number, x2: number, y2: number): boolean {
  const inside = (v: number) => v >= -slack && v <= 1 + slack;
  return inside(x1) && inside(y1) && inside(x2) && inside(y2);
}

/** Whether a reference extent (an image's width/height, a box's far corner) is in pixels. */
export function extendsBeyondUnit(right: number, bottom: number): boolean {
  return right > 1.5 || bottom > 1.5;
}

/**
 * Boxes written relative to the image size (0..1, as YOLO label files and
 * many exporters write them) score AP 0 against pixel ground truth without
 * any error: this names the likely cause when nearly every detection lies
 * inside the unit square while the images or ground-truth boxes are in pixels.
 * Needs a few detections to judge; returns undefined when they look like pixels.
 */
export function normalizedBoxesWarning(
  counts: UnitSquareCounts,
  against: string,
  remedy: string,
): string | undefined {
  const { detections, insideUnitSquare: inside, references, inPixels } = counts;
  if (detections < 3 || inside < 0.9 * detections) return undefined;
  if (references === 0 || inPixels < 0.5 * references) return undefined;
  return (
    `${inside} of ${detections} detections lie inside [0, 1] while ${against} are in pixels: ` +
    `boxes normalized to the image size (a YOLO-style export)? ${remedy}`
  );
}
