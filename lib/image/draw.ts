import { invalidArgument } from '../errors.js';
import { CELL_HEIGHT, CELL_WIDTH, GLYPH_HEIGHT, GLYPH_WIDTH, glyph } from './font.js';

/**
 * Pure TypeScript drawing on decoded pixels (no addon): box outlines, filled
 * label backgrounds and label text in trtmap's own bitmap font (font.ts), for
 * pictures people look at before they trust numbers (`trtmap detect --save`).
 * Everything is clipped to the image; nothing here throws for coordinates
 * outside it.
 */

/** Interleaved 8-bit pixels: RGB (channels 3) or gray (channels 1), rows top to bottom. */
export interface RasterImage {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

export type Color = readonly [number, number, number];

/** One box to draw: corners in image pixels (floats are fine), the label text and the class. */
export interface DrawnDetection {
  box: readonly [number, number, number, number];
  label: string;
  classId: number;
}

export interface DrawOptions {
  /** Outline width in pixels (default: about 1/300 of the image's diagonal, at least 2). */
  lineWidth?: number;
  /** Font scale, a whole number of pixels per font pixel (default from the image size). */
  fontScale?: number;
  /** The colour of each class (default classColor). */
  color?: (classId: number) => Color;
}

function checkImage(image: RasterImage): void {
  const { data, width, height, channels } = image;
  if (!(data instanceof Uint8Array) || !Number.isInteger(width) || !Number.isInteger(height)) {
    throw invalidArgument('{ data: Uint8Array, width, height, channels }', 'image', image);
  }
  if ((channels !== 1 && channels !== 3) || data.length < width * height * channels) {
    throw invalidArgument(
      `a buffer of ${width}x${height}x${String(channels)} bytes`,
      'image.data',
      data,
    );
  }
}

function setPixel(image: RasterImage, x: number, y: number, color: Color): void {
  if (image.channels === 1) {
    // ITU-R 601 luma of the colour, so gray images still show the boxes.
    image.data[y * image.width + x] = Math.round(
      0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2],
    );
    return;
  }
  const at = (y * image.width + x) * 3;
  image.data[at] = color[0];
  image.data[at + 1] = color[1];
  image.data[at + 2] = color[2];
}

/** Fills the pixels x1 <= x < x2, y1 <= y < y2 (clipped to the image). */
export function fillRectangle(
  image: RasterImage,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  color: Color,
): void {
  checkImage(image);
  const left = Math.max(0, Math.floor(x1));
  const top = Math.max(0, Math.floor(y1));
  const right = Math.min(image.width, Math.floor(x2));
  const bottom = Math.min(image.height, Math.floor(y2));
  for (let y = top; y < bottom; y++) {
    for (let x = left; x < right; x++) setPixel(image, x, y, color);
  }
}

/**
 * The outline of the box [x1, y1, x2, y2] (image pixels), `lineWidth` pixels
 * wide, drawn inward from the box's edges: the pixels from round(x1) to
 * round(x2) - 1 belong to the box.
 */
export function drawRectangle(
  image: RasterImage,
  box: readonly [number, number, number, number],
  color: Color,
  lineWidth = 2,
): void {
  checkImage(image);
  if (!box.every(Number.isFinite)) return;
  const [x1, y1, x2, y2] = box.map(Math.round);
  const width = Math.max(1, Math.round(lineWidth));
  const inner = (a: number, b: number) => Math.min(b, a + width);
  fillRectangle(image, x1, y1, x2, inner(y1, y2), color); // top
  fillRectangle(image, x1, Math.max(y1, y2 - width), x2, y2, color); // bottom
  fillRectangle(image, x1, y1, inner(x1, x2), y2, color); // left
  fillRectangle(image, Math.max(x1, x2 - width), y1, x2, y2, color); // right
}

/** Width and height in pixels of `text` at a font scale. */
export function textSize(text: string, scale = 1): { width: number; height: number } {
  return { width: text.length * CELL_WIDTH * scale, height: CELL_HEIGHT * scale };
}

/** Draws `text` with its cell's top-left corner at (x, y); returns the width drawn. */
export function drawText(
  image: RasterImage,
  x: number,
  y: number,
  text: string,
  color: Color,
  scale = 1,
): number {
  checkImage(image);
  const size = Math.max(1, Math.round(scale));
  const left = Math.round(x);
  const top = Math.round(y);
  for (let index = 0; index < text.length; index++) {
    const bits = glyph(text[index]);
    const cellLeft = left + index * CELL_WIDTH * size;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      for (let column = 0; column < GLYPH_WIDTH; column++) {
        if ((bits[row] >> (GLYPH_WIDTH - 1 - column)) & 1) {
          const px = cellLeft + column * size;
          const py = top + row * size;
          fillRectangle(image, px, py, px + size, py + size, color);
        }
      }
    }
  }
  return textSize(text, size).width;
}

/**
 * A distinct, stable colour per class: hues a golden-ratio step apart, so
 * neighbouring class ids differ strongly; saturation and value high enough
 * for the outline to stand out.
 */
export function classColor(classId: number): Color {
  const hue = ((Math.abs(Math.trunc(classId)) * 0.618033988749895) % 1) * 6;
  const saturation = 0.85;
  const value = 0.95;
  const sector = Math.floor(hue);
  const fraction = hue - sector;
  const p = value * (1 - saturation);
  const q = value * (1 - saturation * fraction);
  const t = value * (1 - saturation * (1 - fraction));
  const [r, g, b] = [
    [value, t, p],
    [q, value, p],
    [p, value, t],
    [p, q, value],
    [t, p, value],
    [value, p, q],
  ][sector % 6];
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}

/** Black or white, whichever reads better on `background`. */
export function textColorOn(background: Color): Color {
  const luma = 0.299 * background[0] + 0.587 * background[1] + 0.114 * background[2];
  return luma > 140 ? [0, 0, 0] : [255, 255, 255];
}

/**
 * Draws each detection: its outline in the class colour and its label on a
 * filled background of that colour, above the box's top-left corner where
 * it fits, else just inside it. Modifies `image.data` in place.
 */
export function drawDetections(
  image: RasterImage,
  detections: readonly DrawnDetection[],
  options: DrawOptions = {},
): void {
  checkImage(image);
  const diagonal = Math.hypot(image.width, image.height);
  const lineWidth = options.lineWidth ?? Math.max(2, Math.round(diagonal / 300));
  const scale = options.fontScale ?? Math.max(1, Math.round(diagonal / 600));
  const colorOf = options.color ?? classColor;
  for (const detection of detections) {
    const color = colorOf(detection.classId);
    drawRectangle(image, detection.box, color, lineWidth);
  }
  // Labels after every outline, so no outline crosses a label.
  for (const detection of detections) {
    if (!detection.box.every(Number.isFinite) || detection.label === '') continue;
    const color = colorOf(detection.classId);
    const { width, height } = textSize(detection.label, scale);
    const padding = scale;
    const left = Math.round(detection.box[0]);
    const boxTop = Math.round(detection.box[1]);
    const outside = boxTop - height - 2 * padding >= 0;
    const top = outside ? boxTop - height - 2 * padding : boxTop;
    fillRectangle(image, left, top, left + width + 2 * padding, top + height + 2 * padding, color);
    drawText(image, left + padding, top + padding, detection.label, textColorOn(color), scale);
  }
}
