import { TrtmapError, describeValue } from '../errors.js';
import type { Candidates } from './candidates.js';
import { type CategoryMap, type Decoder, categoryOf } from './decoder.js';
import type { ModelOutputs } from './types.js';

/** One detection a user's decoder returns: corners in model input pixels, a score, the model's class index. */
export interface UserDetection {
  box: readonly [number, number, number, number] | readonly number[];
  score: number;
  classIndex: number;
}

/** Parallel arrays, the fast form: boxes [x1, y1, x2, y2, ...], scores, class indices. */
export interface UserDetectionArrays {
  boxes: ArrayLike<number>;
  scores: ArrayLike<number>;
  classes: ArrayLike<number>;
}

export interface UserDecoderContext {
  /** Which image of the batch: its values start at batchIndex x (elements per image) in each output. */
  batchIndex: number;
  /** The score threshold (--conf): detections below it may be left out. */
  threshold: number;
  inputWidth: number;
  inputHeight: number;
}

/**
 * A user's decoder (`--decoder ./my-decoder.mjs`): the module's default
 * export (or `decode`) maps the named output tensors ({ data, dims } by
 * output name) of one image to its detections. Synchronous: it runs for
 * every image, between inferences.
 */
export type UserDecodeFunction = (
  outputs: ModelOutputs,
  context: UserDecoderContext,
) => Iterable<UserDetection> | UserDetectionArrays;

export interface UserDecoderOptions {
  decode: UserDecodeFunction;
  /** The module, for messages. */
  source: string;
  /** The module's `postNms` export: true when its detections are final (no NMS after). */
  postNms: boolean;
  inputWidth: number;
  inputHeight: number;
  categories?: CategoryMap;
}

/** Adapts a user's decode function to the Decoder interface, checking what it returns. */
export class UserDecoder implements Decoder {
  readonly postNms: boolean;

  constructor(private readonly options: UserDecoderOptions) {
    this.postNms = options.postNms;
  }

  decode(outputs: ModelOutputs, batchIndex: number, threshold: number, into: Candidates): void {
    const { decode, inputWidth, inputHeight } = this.options;
    const result = decode(outputs, { batchIndex, threshold, inputWidth, inputHeight });
    if (result !== null && typeof result === 'object' && 'then' in result) {
      throw this.invalid('a synchronous result (it returned a promise)', result);
    }
    if (isArrays(result)) {
      const count = result.scores.length;
      if (result.classes.length !== count || result.boxes.length !== 4 * count)
        throw this.invalid('boxes of 4 x n values, n scores and n classes', result);
      for (let i = 0; i < count; i++) {
        const at = i * 4;
        const box = [
          result.boxes[at],
          result.boxes[at + 1],
          result.boxes[at + 2],
          result.boxes[at + 3],
        ];
        this.add(box, result.scores[i], result.classes[i], threshold, into);
      }
      return;
    }
    if (result === null || typeof result !== 'object' || !(Symbol.iterator in result))
      throw this.invalid(
        'an array of { box, score, classIndex } or { boxes, scores, classes }',
        result,
      );
    for (const detection of result) {
      if (detection === null || typeof detection !== 'object' || !Array.isArray(detection.box))
        throw this.invalid('{ box: [x1, y1, x2, y2], score, classIndex }', detection);
      this.add(detection.box, detection.score, detection.classIndex, threshold, into);
    }
  }

  private add(
    box: ArrayLike<number>,
    score: number,
    classIndex: number,
    threshold: number,
    into: Candidates,
  ): void {
    if (box.length !== 4 || ![box[0], box[1], box[2], box[3], score].every(Number.isFinite))
      throw this.invalid('finite box corners and score', { box, score });
    if (!Number.isInteger(classIndex)) throw this.invalid('an integer classIndex', classIndex);
    if (!(score >= threshold)) return;
    const category = categoryOf(this.options.categories, classIndex);
    if (category >= 0) into.push(box[0], box[1], box[2], box[3], score, category);
  }

  private invalid(what: string, value: unknown): TrtmapError {
    return new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      `the decoder ${this.options.source} must return ${what}, but returned ${describeValue(value)}`,
    );
  }
}

function isArrays(value: unknown): value is UserDetectionArrays {
  return (
    value !== null &&
    typeof value === 'object' &&
    'boxes' in value &&
    'scores' in value &&
    'classes' in value
  );
}
