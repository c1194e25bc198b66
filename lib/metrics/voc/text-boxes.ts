import { parseDecimal } from '../../data/decimal.js';
import { TrtmapError } from '../../errors.js';
import type { VocDetection, VocGroundTruthBox } from './types.js';

/**
 * Corner order of the four numbers on a text line: 'xyxy' = x1 y1 x2 y2;
 * 'xywh' = x y width height with x2 = x + width (Object-Detection-Metrics'
 * BoundingBox; with the '+1' convention the area is then (width + 1) * (height + 1),
 * as that tool computes it).
 */
export type VocBoxFormat = 'xyxy' | 'xywh';

/**
 * Ground truth of one image in the text format of rafaelpadilla's
 * Object-Detection-Metrics and review_object_detection_metrics: one box per
 * line, `class a b c d`, optionally followed by `difficult` (or 1 / 0).
 */
export function parseVocGroundTruthText(
  source: string,
  file: string,
  imageId: string,
  format: VocBoxFormat,
): VocGroundTruthBox[] {
  const boxes: VocGroundTruthBox[] = [];
  forEachLine(source, (tokens, lineNumber, line) => {
    const difficultToken = tokens.length === 6 ? tokens[5] : '0';
    const difficult = difficultToken === 'difficult' || difficultToken === '1';
    const corners =
      tokens.length === 5 || tokens.length === 6 ? readCorners(tokens, 1, format) : undefined;
    if (corners === undefined || !(difficult || difficultToken === '0')) {
      throw lineError(file, lineNumber, `class ${formatWords(format)} [difficult]`, line);
    }
    boxes.push({ imageId, className: tokens[0], ...corners, difficult });
  });
  return boxes;
}

/** Detections of one image: `class confidence a b c d` per line (the devkit's comp4 files, per image). */
export function parseVocDetectionText(
  source: string,
  file: string,
  imageId: string,
  format: VocBoxFormat,
): VocDetection[] {
  const detections: VocDetection[] = [];
  forEachLine(source, (tokens, lineNumber, line) => {
    const confidence = tokens.length === 6 ? parseDecimal(tokens[1]) : undefined;
    const corners = tokens.length === 6 ? readCorners(tokens, 2, format) : undefined;
    if (confidence === undefined || corners === undefined) {
      throw lineError(file, lineNumber, `class confidence ${formatWords(format)}`, line);
    }
    detections.push({ imageId, className: tokens[0], confidence, ...corners });
  });
  return detections;
}

function forEachLine(
  source: string,
  visit: (tokens: string[], lineNumber: number, line: string) => void,
): void {
  const lines = source.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index].trim();
    if (line !== '') visit(line.split(/\s+/), index + 1, line);
  }
}

function readCorners(
  tokens: string[],
  first: number,
  format: VocBoxFormat,
): { x1: number; y1: number; x2: number; y2: number } | undefined {
  const [a, b, c, d] = tokens.slice(first, first + 4).map(parseDecimal);
  if (a === undefined || b === undefined || c === undefined || d === undefined) return undefined;
  return format === 'xywh'
    ? { x1: a, y1: b, x2: a + c, y2: b + d }
    : { x1: a, y1: b, x2: c, y2: d };
}

function formatWords(format: VocBoxFormat): string {
  return format === 'xywh' ? 'x y width height' : 'x1 y1 x2 y2';
}

function lineError(file: string, lineNumber: number, expected: string, line: string): TrtmapError {
  const shown = line.length > 80 ? line.slice(0, 77) + '...' : line;
  return new TrtmapError(
    'ERR_PARSE',
    `${file}:${lineNumber}: expected "${expected}" but found ${JSON.stringify(shown)}`,
    { file },
  );
}
