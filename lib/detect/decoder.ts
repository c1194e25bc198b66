import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import type { ModelOutput, ModelOutputs } from './types.js';

/**
 * Turns the raw outputs of one image of a batch into candidates: corners in
 * model input pixels, a score, and the evaluation's category id. Classes that
 * `categoryOf` maps to -1 (e.g. COCO classes outside VOC) make no candidates.
 */
export interface Decoder {
  /** True when the model's outputs are already past NMS (TensorRT NMS plugins, DETR). */
  readonly postNms: boolean;
  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void;
}

/** Model class index -> category id (or -1 to drop); identity when absent. */
export type CategoryMap = Int32Array;

export function categoryOf(map: CategoryMap | undefined, classIndex: number): number {
  if (map === undefined) return classIndex;
  return classIndex >= 0 && classIndex < map.length ? map[classIndex] : -1;
}

/**
 * How a score is compared with the threshold: '>' as yolov5, Ultralytics and
 * NanoDet do (`scores > conf_thres`), '>=' as YOLOX, darknet and
 * tensorrt_demos do.
 */
export type ScoreComparison = '>' | '>=';

/** The comparison as a function; NaN never passes. */
export function scoreTest(
  comparison: ScoreComparison,
): (score: number, threshold: number) => boolean {
  return comparison === '>'
    ? (score, threshold) => score > threshold
    : (score, threshold) => score >= threshold;
}

export function requireOutput(outputs: ModelOutputs, name: string, what: string): ModelOutput {
  const output = outputs[name];
  if (output === undefined) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the ${what} decoder needs the model output ${JSON.stringify(name)}, but the model has ${Object.keys(outputs).join(', ')}`,
    );
  }
  return output;
}

export function expectRank(output: ModelOutput, name: string, rank: number, what: string): void {
  if (output.dims.length !== rank) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the ${what} decoder expects output ${JSON.stringify(name)} of rank ${rank}, got [${output.dims.join(', ')}]`,
    );
  }
}

/**
 * One image's part of an output whose first dimension is the batch: the
 * element offset of image `batchIndex` and the dimensions after the batch.
 * Exports without a batch dimension (rank `rank - 1`, e.g. NanoDet-m 320's
 * [1600, 80]) hold one image.
 */
export function imageView(
  output: ModelOutput,
  name: string,
  rank: number,
  batchIndex: number,
  what: string,
): { base: number; dims: readonly number[] } {
  const { dims } = output;
  if (dims.length === rank - 1) {
    if (batchIndex !== 0) {
      throw new TrtmapError(
        'ERR_SHAPE',
        `the ${what} decoder: output ${JSON.stringify(name)} [${dims.join(', ')}] has no batch dimension, so the model runs one image at a time (use --batch 1)`,
      );
    }
    return { base: 0, dims };
  }
  expectRank(output, name, rank, what);
  const rest = dims.slice(1);
  return { base: batchIndex * rest.reduce((product, size) => product * size, 1), dims: rest };
}

export const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));

/**
 * The best class of one candidate: the index k < `count` of the first largest
 * of data[at + k * step] (the first on ties, as torch.max and numpy.argmax).
 * `step` is 1 for a row of class scores, the plane or anchor count for a
 * channels-first output.
 */
export function bestClassOf(
  data: ArrayLike<number>,
  at: number,
  count: number,
  step: number,
): number {
  let best = data[at];
  let bestClass = 0;
  for (let k = 1; k < count; k++) {
    const value = data[at + k * step];
    if (value > best) {
      best = value;
      bestClass = k;
    }
  }
  return bestClass;
}
