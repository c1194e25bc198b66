import { TrtmapError } from '../errors.js';
import type { Candidates } from './candidates.js';
import type { ModelOutput, ModelOutputs } from './types.js';

/**
 * Turns the raw outputs of one image of a batch into candidates: corners in
 * model input pixels, a score, and the evaluation's category id. Classes that
 * `categoryOf` maps to -1 (e.g. COCO classes outside VOC) make no candidates.
 */
export interface Decoder {
  /** True when the model's outputs are already past NMS (TensorRT NMS plugins). */
  readonly postNms: boolean;
  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void;
}

/** Model class index -> category id (or -1 to drop); identity when absent. */
export type CategoryMap = Int32Array;

export function categoryOf(map: CategoryMap | undefined, classIndex: number): number {
  if (map === undefined) return classIndex;
  return classIndex < map.length ? map[classIndex] : -1;
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

export const sigmoid = (value: number): number => 1 / (1 + Math.exp(-value));
