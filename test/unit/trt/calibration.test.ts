import { describe, expect, it } from 'vitest';
import { CalibrationBatcher } from '../../../lib/trt/index.js';

const range = (start: number, count: number) =>
  Float32Array.from({ length: count }, (_, i) => start + i);

async function* images(count: number, size: number) {
  for (let index = 0; index < count; index += 1) yield range(index * size, size);
}

describe('trt calibration: batches cut from an async iterator', () => {
  it('joins single-image samples into batches and drops a partial last batch', async () => {
    const batcher = new CalibrationBatcher(images(5, 3));
    const target = new Float32Array(6); // batch 2 of 3 values
    expect(await batcher.fill(['input'], [target])).toBe(true);
    expect([...target]).toEqual([0, 1, 2, 3, 4, 5]);
    expect(await batcher.fill(['input'], [target])).toBe(true);
    expect([...target]).toEqual([6, 7, 8, 9, 10, 11]);
    expect(await batcher.fill(['input'], [target])).toBe(false);
    expect(batcher.count).toBe(2);
  });

  it('splits samples larger than a batch and carries the rest over', async () => {
    const batcher = new CalibrationBatcher([range(0, 10)]);
    const target = new Float32Array(4);
    expect(await batcher.fill(['x'], [target])).toBe(true);
    expect([...target]).toEqual([0, 1, 2, 3]);
    expect(await batcher.fill(['x'], [target])).toBe(true);
    expect([...target]).toEqual([4, 5, 6, 7]);
    expect(await batcher.fill(['x'], [target])).toBe(false);
  });

  it('multi-input models take records by input name (Float32Arrays or { data } tensors)', async () => {
    async function* samples() {
      yield { a: range(0, 2), b: { data: range(100, 1) } };
      yield { a: range(2, 2), b: { data: range(101, 1) } };
    }
    const batcher = new CalibrationBatcher(samples());
    const a = new Float32Array(4);
    const b = new Float32Array(2);
    expect(await batcher.fill(['a', 'b'], [a, b])).toBe(true);
    expect([...a, ...b]).toEqual([0, 1, 2, 3, 100, 101]);
  });

  it('stops after maxBatches and lets the iterator clean up', async () => {
    let cleanedUp = false;
    async function* endless() {
      try {
        for (let index = 0; ; index += 1) yield range(index, 1);
      } finally {
        cleanedUp = true;
      }
    }
    const batcher = new CalibrationBatcher(endless(), 3);
    const target = new Float32Array(1);
    for (let index = 0; index < 3; index += 1)
      expect(await batcher.fill(['x'], [target])).toBe(true);
    expect(await batcher.fill(['x'], [target])).toBe(false);
    await batcher.close();
    expect(cleanedUp).toBe(true);
  });

  it('samples of the wrong kind are ERR_INVALID_ARGUMENT naming the input', async () => {
    const multi = new CalibrationBatcher([range(0, 4)]);
    await expect(
      multi.fill(['a', 'b'], [new Float32Array(2), new Float32Array(2)]),
    ).rejects.toThrow(/2 inputs \(a, b\): calibration samples must be records/);
    const wrong = new CalibrationBatcher([{ image: [1, 2] } as never]);
    await expect(wrong.fill(['image'], [new Float32Array(2)])).rejects.toThrow(
      'Expected a Float32Array for calibration input image but received an array of length 2',
    );
  });

  it('an iterator that throws rejects the fill with its error', async () => {
    async function* failing() {
      yield range(0, 1);
      throw new Error('dataset went away');
    }
    const batcher = new CalibrationBatcher(failing());
    await expect(batcher.fill(['x'], [new Float32Array(2)])).rejects.toThrow('dataset went away');
  });
});
