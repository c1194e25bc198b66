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
  imageIndex = new Int32Array(16);
  detectionStart = new Int32Array(16);
  detectionCount = new Int32Array(16);
  /** Non-ignored ground truths per [evaluation][area range]. */
  nonIgnoredGroundTruths: Int32Array;
  /** Scores of the kept detections, each evaluation's sorted descending. */
  scores = new Float64Array(64);
  /** DetectionState per evaluation block [area range][IoU threshold][detection]. */
  states: Uint8Array;

  constructor(
    readonly areaRanges: number,
    readonly iouThresholds: number,
  ) {
    this.nonIgnoredGroundTruths = new Int32Array(16 * areaRanges);
    this.states = new Uint8Array(64 * areaRanges * iouThresholds);
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

  /** The arrays trimmed to what is held, for postMessage (their buffers go in the transfer list). */
  toParts(): EvaluationStoreParts {
    const A = this.areaRanges;
    const T = this.iouThresholds;
    return {
      areaRanges: A,
      iouThresholds: T,
      count: this.count,
      detections: this.detections,
      imageIndex: this.imageIndex.slice(0, this.count),
      detectionStart: this.detectionStart.slice(0, this.count),
      detectionCount: this.detectionCount.slice(0, this.count),
      nonIgnoredGroundTruths: this.nonIgnoredGroundTruths.slice(0, this.count * A),
      scores: this.scores.slice(0, this.detections),
      states: this.states.slice(0, this.detections * A * T),
    };
  }

  /** The store `toParts()` described (arrays adopted, not copied). */
  static fromParts(parts: EvaluationStoreParts): EvaluationStore {
    const store = new EvaluationStore(parts.areaRanges, parts.iouThresholds);
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
  imageIndex: Int32Array<ArrayBuffer>;
  detectionStart: Int32Array<ArrayBuffer>;
  detectionCount: Int32Array<ArrayBuffer>;
  nonIgnoredGroundTruths: Int32Array<ArrayBuffer>;
  scores: Float64Array<ArrayBuffer>;
  states: Uint8Array<ArrayBuffer>;
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
