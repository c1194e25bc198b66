/**
 * INT8 calibration batches from an async iterator: samples (one image's
 * tensor, or several images' at once) are cut and joined into exactly the
 * batches TensorRT asks for. Pure: no addon needed.
 */
import { TrtmapError, describeValue } from '../errors.js';

/**
 * One item of calibration data: preprocessed float32 values for a
 * single-input model, or a record of them by input name. It may hold one
 * image or several; the batcher joins and splits them as needed.
 */
export type CalibrationSample =
  Float32Array | Readonly<Record<string, Float32Array | { readonly data: Float32Array }>>;

export type CalibrationSource = AsyncIterable<CalibrationSample> | Iterable<CalibrationSample>;

interface Pending {
  data: Float32Array;
  offset: number;
}

export class CalibrationBatcher {
  private readonly iterator: AsyncIterator<CalibrationSample> | Iterator<CalibrationSample>;
  private readonly queues = new Map<string, Pending[]>();
  private batches = 0;
  private ended = false;

  constructor(
    source: CalibrationSource,
    private readonly maxBatches = Number.POSITIVE_INFINITY,
  ) {
    const asyncSource = source as AsyncIterable<CalibrationSample>;
    this.iterator =
      typeof asyncSource[Symbol.asyncIterator] === 'function'
        ? asyncSource[Symbol.asyncIterator]()
        : (source as Iterable<CalibrationSample>)[Symbol.iterator]();
  }

  /** Batches filled so far. */
  get count(): number {
    return this.batches;
  }

  /**
   * Fills `targets` (one per input, in the order of `names`) with the next
   * batch. Resolves false when the data ends before a full batch (a partial
   * last batch is dropped: TensorRT calibrates on whole batches) or after
   * maxBatches.
   */
  async fill(names: readonly string[], targets: readonly Float32Array[]): Promise<boolean> {
    if (this.batches >= this.maxBatches) return false;
    const filled = targets.map(() => 0);
    for (;;) {
      names.forEach((name, input) => {
        filled[input] = this.drain(name, targets[input]!, filled[input]!);
      });
      if (filled.every((count, input) => count === targets[input]!.length)) break;
      const sample = await this.nextSample();
      if (sample === undefined) return false;
      this.enqueue(names, sample);
    }
    this.batches += 1;
    return true;
  }

  /** Lets the iterator clean up (its `return()`), e.g. when the build ends early. */
  async close(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.iterator.return?.();
  }

  private drain(name: string, target: Float32Array, filled: number): number {
    const queue = this.queue(name);
    while (filled < target.length && queue.length > 0) {
      const head = queue[0]!;
      const count = Math.min(target.length - filled, head.data.length - head.offset);
      target.set(head.data.subarray(head.offset, head.offset + count), filled);
      filled += count;
      head.offset += count;
      if (head.offset === head.data.length) queue.shift();
    }
    return filled;
  }

  private queue(name: string): Pending[] {
    let queue = this.queues.get(name);
    if (queue === undefined) {
      queue = [];
      this.queues.set(name, queue);
    }
    return queue;
  }

  private async nextSample(): Promise<CalibrationSample | undefined> {
    if (this.ended) return undefined;
    const next = await this.iterator.next();
    if (next.done === true) {
      this.ended = true;
      return undefined;
    }
    return next.value;
  }

  private enqueue(names: readonly string[], sample: CalibrationSample): void {
    if (sample instanceof Float32Array) {
      if (names.length !== 1) {
        throw new TrtmapError(
          'ERR_INVALID_ARGUMENT',
          `the model has ${names.length} inputs (${names.join(', ')}): calibration samples must be records of Float32Arrays by input name`,
        );
      }
      this.queue(names[0]!).push({ data: sample, offset: 0 });
      return;
    }
    for (const name of names) {
      const value = (sample as Record<string, unknown> | null)?.[name];
      // A record of Float32Arrays, or of { data } tensors (lib/backends' InputTensor).
      const data =
        value instanceof Float32Array ? value : (value as { data?: unknown } | undefined)?.data;
      if (!(data instanceof Float32Array)) {
        throw new TrtmapError(
          'ERR_INVALID_ARGUMENT',
          `Expected a Float32Array for calibration input ${name} but received ${describeValue(value)}`,
        );
      }
      this.queue(name).push({ data, offset: 0 });
    }
  }
}
