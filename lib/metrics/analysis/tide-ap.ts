/**
 * TIDE's AP (`APDataObject.get_ap` in tidecv ap.py), in points: the data
 * points sorted by descending score (stable), precision made non-increasing
 * from the right, sampled at recall x / 100 for x = 0..100 by
 * np.searchsorted(recalls, x, side='left') (0 past the last recall), and
 * summed left to right (Python's `sum`) / 101 * 100. 0 without ground truth.
 *
 * @param isTrue the class's data points, already in sorted order
 */
export function tideClassAp(
  isTrue: ArrayLike<number>,
  count: number,
  groundTruths: number,
): number {
  if (groundTruths === 0) return 0;
  const precision = new Float64Array(count);
  const recall = new Float64Array(count);
  let truePositives = 0;
  for (let i = 0; i < count; i++) {
    truePositives += isTrue[i];
    precision[i] = truePositives / (i + 1);
    recall[i] = truePositives / groundTruths;
  }
  for (let i = count - 1; i > 0; i--) {
    if (precision[i] > precision[i - 1]) precision[i - 1] = precision[i];
  }
  let sum = 0;
  let index = 0;
  for (let bar = 0; bar <= 100; bar++) {
    const threshold = bar / 100;
    while (index < count && recall[index] < threshold) index++;
    sum += index < count ? precision[index] : 0;
  }
  return (sum / 101) * 100;
}

/** Each class's data points: predictions `members[start[c]]` .. `members[start[c + 1] - 1]`, in sorted order. */
export interface PointLists {
  start: Int32Array;
  members: Int32Array;
}

/**
 * `ClassedAPDataObject.get_mAP`: the mean of the class APs over classes with
 * data points or ground truth, summed in the order the classes were first
 * touched (Python dict order), as TIDE adds them. 0 when no class has
 * either (where TIDE divides by zero).
 *
 * @param isTrue whether prediction i's data point is a true positive
 * @param groundTruths per dense class key
 */
export function tideMeanAp(
  classOrder: readonly number[],
  points: PointLists,
  isTrue: (i: number) => number,
  groundTruths: ArrayLike<number>,
): number {
  let sum = 0;
  let classes = 0;
  let flags = new Uint8Array(64);
  for (const id of classOrder) {
    const first = points.start[id];
    const count = points.start[id + 1] - first;
    const positives = groundTruths[id] ?? 0;
    if (count === 0 && positives === 0) continue;
    if (flags.length < count) flags = new Uint8Array(count * 2);
    for (let k = 0; k < count; k++) flags[k] = isTrue(points.members[first + k]);
    sum += tideClassAp(flags, count, positives);
    classes++;
  }
  return classes === 0 ? 0 : sum / classes;
}
