/**
 * The per-image evaluations of one category, in growable typed arrays: a COCO
 * val-sized run produces hundreds of thousands of (image, category) pairs,
 * and one small typed array each would spend most of the time in the
 * allocator and the garbage collector.
 */
export class EvaluationStore {
  /** Number of (image, category) evaluations held. */
  count = 0;
  /** Number of detections held, over all evaluations. */
  detections = 0;
  imageIndex: Int32Array;
  detectionStart: Int32Array;
  detectionCount: Int32Array;
  /** Non-ignored ground truths per [evaluation][area range]. */
  nonIgnoredGroundTruths: Int32Array;
  /** Scores of the kept detections, each evaluation's sorted descending. */
  scores: Float64Array;
  /** DetectionState per evaluation block [area range][IoU threshold][detection]. */
  states: Uint8Array;

  /**
   * @param capacity room reserved up front (evaluations, detections), when
   *   known, so the arrays need not grow by copying
   */
  constructor(
    readonly areaRanges: number,
    readonly iouThresholds: number,
    capacity: { evaluations: number; detections: number } = { evaluations: 16, detections: 64 },
  ) {
    const evaluations = Math.max(1, capacity.evaluations);
    const detections = Math.max(1, capacity.detections);
    this.imageIndex = new Int32Array(evaluations);
    this.detectionStart = new Int32Array(evaluations);
    this.detectionCount = new Int32Array(evaluations);
    this.nonIgnoredGroundTruths = new Int32Array(evaluations * areaRanges);
    this.scores = new Float64Array(detections);
    this.states = new Uint8Array(detections * areaRanges * iouThresholds);
  }

  /** Reserves room for one evaluation of D detections; returns its index. */
  add(imageIndex: number, D: number): number {
    const index = this.count++;
    const start = this.detections;
    this.detections += D;
    if (index >= this.imageIndex.length) {
      const size = this.imageIndex.length * 2;
      this.imageIndex = resized(this.imageIndex, size);
      this.detectionStart = resized(this.detectionStart, size);
      this.detectionCount = resized(this.detectionCount, size);
      this.nonIgnoredGroundTruths = resized(this.nonIgnoredGroundTruths, size * this.areaRanges);
    }
    if (this.detections > this.scores.length) {
      const size = Math.max(this.scores.length * 2, this.detections);
      this.scores = resized(this.scores, size);
      this.states = resized(this.states, size * this.areaRanges * this.iouThresholds);
    }
    this.imageIndex[index] = imageIndex;
    this.detectionStart[index] = start;
    this.detectionCount[index] = D;
    return index;
  }

  /** Grows the arrays once to hold `evaluations` and `detections` more (when known ahead). */
  reserve(evaluations: number, detections: number): void {
    const A = this.areaRanges;
    const T = this.iouThresholds;
    const count = this.count + evaluations;
    if (count > this.imageIndex.length) {
      this.imageIndex = resized(this.imageIndex, count);
      this.detectionStart = resized(this.detectionStart, count);
      this.detectionCount = resized(this.detectionCount, count);
      this.nonIgnoredGroundTruths = resized(this.nonIgnoredGroundTruths, count * A);
    }
    const total = this.detections + detections;
    if (total > this.scores.length) {
      this.scores = resized(this.scores, total);
      this.states = resized(this.states, total * A * T);
    }
  }

  /** Views of what is held, for postMessage (their buffers go in the transfer list, uncopied). */
  toParts(): EvaluationStoreParts {
    const A = this.areaRanges;
    const T = this.iouThresholds;
    return {
      areaRanges: A,
      iouThresholds: T,
      count: this.count,
      detections: this.detections,
      imageIndex: this.imageIndex.subarray(0, this.count),
      detectionStart: this.detectionStart.subarray(0, this.count),
      detectionCount: this.detectionCount.subarray(0, this.count),
      nonIgnoredGroundTruths: this.nonIgnoredGroundTruths.subarray(0, this.count * A),
      scores: this.scores.subarray(0, this.detections),
      states: this.states.subarray(0, this.detections * A * T),
    };
  }

  /** The store `toParts()` described (arrays adopted, not copied). */
  static fromParts(parts: EvaluationStoreParts): EvaluationStore {
    const store = new EvaluationStore(parts.areaRanges, parts.iouThresholds, {
      evaluations: 1,
      detections: 1,
    });
    store.count = parts.count;
    store.detections = parts.detections;
    // add() grows arrays by doubling from their length; an empty one must not stay empty.
    if (parts.count === 0) return store;
    store.imageIndex = parts.imageIndex;
    store.detectionStart = parts.detectionStart;
    store.detectionCount = parts.detectionCount;
    store.nonIgnoredGroundTruths = parts.nonIgnoredGroundTruths;
    if (parts.detections > 0) {
      store.scores = parts.scores;
      store.states = parts.states;
    }
    return store;
  }

  /** Offset in `states` of the block of (evaluation, area range a, threshold t). */
  stateOffset(index: number, a: number, t: number): number {
    const D = this.detectionCount[index];
    return (
      this.detectionStart[index] * this.areaRanges * this.iouThresholds +
      (a * this.iouThresholds + t) * D
    );
  }
}

/** An EvaluationStore as plain typed arrays, to cross a worker-thread boundary. */
export interface EvaluationStoreParts {
  areaRanges: number;
  iouThresholds: number;
  count: number;
  detections: number;
  imageIndex: Int32Array;
  detectionStart: Int32Array;
  detectionCount: Int32Array;
  nonIgnoredGroundTruths: Int32Array;
  scores: Float64Array;
  states: Uint8Array;
}

/** The buffers of `parts`, for a postMessage transfer list. */
export function partsBuffers(parts: EvaluationStoreParts): ArrayBuffer[] {
  return [
    parts.imageIndex,
    parts.detectionStart,
    parts.detectionCount,
    parts.nonIgnoredGroundTruths,
    parts.scores,
    parts.states,
  ].map((array) => array.buffer as ArrayBuffer);
}

function resized<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}
