import type { VocBoxFormat } from './text-boxes.js';
import type { VocDetection, VocGroundTruthBox } from './types.js';
import {
  extendsBeyondUnit,
  insideUnitSquare,
  normalizedBoxesWarning,
} from '../normalized-boxes.js';

/**
 * Names the usual spellings of one class across datasets and models
 * (VOC's own names on the left), for "did you mean" hints.
 */
const synonyms: Readonly<Record<string, readonly string[]>> = {
  aeroplane: ['airplane', 'plane'],
  diningtable: ['dining table', 'dining_table', 'table'],
  motorbike: ['motorcycle'],
  pottedplant: ['potted plant', 'potted_plant'],
  sofa: ['couch'],
  tvmonitor: ['tv', 'monitor', 'tv_monitor', 'television'],
};

/**
 * Detections that will score, but probably wrong, each warning naming the
 * likely cause: no detections at all; classes the ground truth does not have (`tv` for
 * `tvmonitor`, a different case), and, for corner files (`xyxy`), boxes whose
 * x2 < x1 or y2 < y1, which is what `x y width height` read as corners looks
 * like; boxes normalized to 0..1 against ground truth in pixels.
 */
export function vocDetectionWarnings(
  groundTruth: readonly VocGroundTruthBox[],
  detections: readonly VocDetection[],
  format: VocBoxFormat,
): string[] {
  if (detections.length === 0) {
    return [
      'the results hold no detections: every class with ground truth gets AP 0 (an empty folder, or files not named <image id>.txt?)',
    ];
  }
  const warnings: string[] = [];
  const known = new Set(groundTruth.map((box) => box.className));
  const unknown = new Map<string, number>();
  for (const { className } of detections) {
    if (!known.has(className)) unknown.set(className, (unknown.get(className) ?? 0) + 1);
  }
  if (unknown.size > 0 && known.size > 0) {
    const shown = [...unknown]
      .slice(0, 6)
      .map(([name, count]) => `${JSON.stringify(name)} (${count})${likelyClass(name, known)}`)
      .join(', ');
    warnings.push(
      `detections of classes the ground truth does not have: ${shown}${unknown.size > 6 ? ', ...' : ''}; ` +
        'they are scored as classes without ground truth (not in the mAP)',
    );
  }
  const normalized = normalizedBoxesWarning(
    {
      detections: detections.length,
      insideUnitSquare: detections.filter((d) => insideUnitSquare(d.x1, d.y1, d.x2, d.y2)).length,
      references: groundTruth.length,
      inPixels: groundTruth.filter((box) => extendsBeyondUnit(box.x2, box.y2)).length,
    },
    'the ground-truth boxes',
    'the detection files want pixel coordinates: multiply x by the image width and y by its height',
  );
  if (normalized !== undefined) warnings.push(normalized);
  if (format === 'xyxy') {
    const reversed = detections.filter((d) => d.x2 < d.x1 || d.y2 < d.y1).length;
    if (reversed > 0) {
      warnings.push(
        `${reversed} of ${detections.length} detections have x2 < x1 or y2 < y1: if the files hold ` +
          '"class confidence x y width height", pass --format xywh',
      );
    }
  }
  return warnings;
}

/** " (tvmonitor?)" when a ground-truth class is the likely meaning of `name`. */
function likelyClass(name: string, known: ReadonlySet<string>): string {
  const lower = name.toLowerCase();
  for (const candidate of known) {
    if (candidate.toLowerCase() === lower) return ` (${candidate}?)`;
    const spellings = synonyms[candidate] ?? [];
    if (spellings.includes(lower)) return ` (${candidate}?)`;
  }
  for (const [vocName, spellings] of Object.entries(synonyms)) {
    if (known.has(spellings[0]) && (lower === vocName || spellings.includes(lower))) {
      return ` (${spellings.find((spelling) => known.has(spelling))}?)`;
    }
  }
  return '';
}
