/**
 * The few numpy / Python numerics that COCO evaluation results depend on,
 * reproduced bit for bit so that trtmap's numbers equal pycocotools' digits.
 */

/** `np.linspace(start, stop, num, endpoint=True)`: i * step + start, last = stop. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  const values = new Float64Array(num);
  const step = (stop - start) / (num - 1);
  for (let index = 0; index < num; index++) values[index] = index * step + start;
  if (num > 1) values[num - 1] = stop;
  return values;
}

/**
 * numpy's pairwise summation (`pairwise_sum` in loops_utils.h), which `np.mean`
 * and `np.sum` use on contiguous float64 data: plain loop below 8 elements,
 * 8 interleaved accumulators up to 128, recursive halving above.
 */
export function pairwiseSum(values: ArrayLike<number>, start = 0, count = values.length): number {
  if (count < 8) {
    // numpy starts from -0.0 here so that an all -0.0 sum keeps its sign.
    let sum = -0;
    for (let index = start; index < start + count; index++) sum += values[index];
    return sum;
  }
  if (count <= 128) {
    const r = new Float64Array(8);
    for (let lane = 0; lane < 8; lane++) r[lane] = values[start + lane];
    let index = 8;
    for (; index < count - (count % 8); index += 8) {
      for (let lane = 0; lane < 8; lane++) r[lane] += values[start + index + lane];
    }
    let sum = r[0] + r[1] + (r[2] + r[3]) + (r[4] + r[5] + (r[6] + r[7]));
    for (; index < count; index++) sum += values[start + index];
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/** `np.mean` of a 1-D float64 array. */
export function numpyMean(values: ArrayLike<number>): number {
  return pairwiseSum(values) / values.length;
}

/**
 * Python's `'{:0.Nf}'.format(x)`: like `toFixed`, except that an exact tie
 * rounds half to even (Python) where `toFixed` rounds half up. A tie at N
 * digits means x = odd / (2 * 10^N) exactly, which is representable only when
 * x * 2^(N+1) is an odd integer (multiplying by a power of two is exact).
 */
export function formatFixed(value: number, digits: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : value < 0 ? '-inf' : 'nan';
  const doubled = value * 2 ** (digits + 1);
  if (Number.isInteger(doubled) && doubled % 2 !== 0) {
    const scaled = value * 10 ** digits; // exact: a tie has few significant bits
    let rounded = Math.floor(scaled);
    if (rounded % 2 !== 0) rounded += 1;
    return (rounded / 10 ** digits).toFixed(digits);
  }
  return value.toFixed(digits);
}

/**
 * Stable permutation sorting by descending key (`np.argsort(-key,
 * kind='mergesort')`). The keys are sorted by the engine's native numeric
 * sort (no comparator calls); each key then takes the next free slot of its
 * run of equal values, found by binary search, in index order, which is
 * what a stable sort gives. -0 and 0 are equal keys, as they compare in
 * numpy. Keys with NaN take the comparator path (NaN compares with nothing).
 */
export function argsortDescendingStable(keys: ArrayLike<number>): Uint32Array {
  const n = keys.length;
  const order = new Uint32Array(n);
  const ascending = Float64Array.from(keys).sort();
  if (n < 32 || Number.isNaN(ascending[n - 1])) {
    for (let index = 0; index < n; index++) order[index] = index;
    // TypedArray sort is not guaranteed stable on every engine; break ties by index.
    return order.sort((a, b) => keys[b] - keys[a] || a - b);
  }
  // taken[p]: how many keys have already been placed in the run starting at descending position p.
  const taken = new Uint32Array(n);
  for (let index = 0; index < n; index++) {
    const key = keys[index];
    // Number of keys greater than `key` = n - (first ascending position holding a key > key).
    let low = 0;
    let high = n;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (ascending[middle] > key) high = middle;
      else low = middle + 1;
    }
    const first = n - low;
    order[first + taken[first]++] = index;
  }
  return order;
}
