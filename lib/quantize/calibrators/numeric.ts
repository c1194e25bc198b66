/**
 * numpy's pairwise summation of a contiguous float64 array
 * (numpy/_core/src/umath/loops_utils.h.src, `pairwise_sum`): blocks of
 * eight partial sums, halves split at a multiple of eight above 128
 * elements. The entropy search compares sums of hundreds of terms, and the
 * same order of additions keeps its argmin equal to the reference's.
 */
export function pairwiseSum(
  values: Float64Array,
  start = 0,
  count = values.length - start,
): number {
  if (count < 8) {
    let sum = 0;
    for (let index = 0; index < count; index++) sum += values[start + index];
    // numpy starts from -0.0 so that a sum of -0.0 stays -0.0; irrelevant for >= 0 terms.
    return sum;
  }
  if (count <= 128) {
    const partial = new Float64Array(8);
    for (let lane = 0; lane < 8; lane++) partial[lane] = values[start + lane];
    const whole = count - (count % 8);
    for (let index = 8; index < whole; index += 8)
      for (let lane = 0; lane < 8; lane++) partial[lane] += values[start + index + lane];
    let sum =
      partial[0] +
      partial[1] +
      (partial[2] + partial[3]) +
      (partial[4] + partial[5] + (partial[6] + partial[7]));
    for (let index = whole; index < count; index++) sum += values[start + index];
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return pairwiseSum(values, start, half) + pairwiseSum(values, start + half, count - half);
}

/**
 * scipy.stats.entropy(pk, qk): KL(p || q) = sum p log(p / q) after
 * normalizing both to sum 1; terms with p = 0 count 0, p > 0 with q = 0 make
 * it infinite (scipy.special.rel_entr).
 */
export function klDivergence(p: Float64Array, q: Float64Array): number {
  const pSum = pairwiseSum(p);
  const qSum = pairwiseSum(q);
  const terms = new Float64Array(p.length);
  for (let index = 0; index < p.length; index++) {
    const pk = p[index] / pSum;
    const qk = q[index] / qSum;
    if (pk === 0) terms[index] = 0;
    else if (qk > 0) terms[index] = pk * Math.log(pk / qk);
    else terms[index] = Infinity;
  }
  return pairwiseSum(terms);
}
