import type { ModelOutputs } from '../detect/types.js';
import type { TensorDiff } from '../report/result.js';

export interface Tolerances {
  /** Polygraphy's defaults are 1e-5 for both. */
  atol: number;
  rtol: number;
}

/** The smallest normal float32: the floor of |reference| in the relative error (see below). */
const FLOAT32_MIN = 1.1754943508222875e-38;

/**
 * Polygraphy's `CompareFunc.simple` with `check_error_stat="elemwise"`, per
 * output over all sampled images: absolute error |candidate - reference|,
 * relative error absolute / |reference|, and an element mismatches when it
 * is beyond atol AND beyond rtol (or NaN). Deviation: |reference| is floored at
 * FLT_MIN, so an exact zero in the reference gives a huge finite relative
 * error instead of Polygraphy's inf/NaN (JSON has no infinity).
 */
export function diffOutputs(
  references: readonly ModelOutputs[],
  candidates: readonly ModelOutputs[],
  tolerances: Tolerances,
): TensorDiff[] {
  const names = Object.keys(references[0] ?? {});
  return names.map((name) => {
    const diff: TensorDiff = {
      output: name,
      images: references.length,
      elements: 0,
      maxAbsolute: 0,
      meanAbsolute: 0,
      maxRelative: 0,
      meanRelative: 0,
      mismatches: 0,
      passed: true,
    };
    let absoluteSum = 0;
    let relativeSum = 0;
    references.forEach((outputs, image) => {
      const expected = outputs[name].data;
      const actual = candidates[image][name]?.data;
      if (actual === undefined || actual.length !== expected.length) {
        diff.passed = false; // Polygraphy: outputs of different shapes never match
        return;
      }
      for (let i = 0; i < expected.length; i++) {
        const absolute = Math.abs(actual[i] - expected[i]);
        const relative = absolute / Math.max(Math.abs(expected[i]), FLOAT32_MIN);
        absoluteSum += absolute;
        relativeSum += relative;
        if (!(absolute <= diff.maxAbsolute)) diff.maxAbsolute = absolute;
        if (!(relative <= diff.maxRelative)) diff.maxRelative = relative;
        const beyondAbsolute = !(absolute <= tolerances.atol);
        const beyondRelative = !(relative <= tolerances.rtol);
        if (beyondAbsolute && beyondRelative) diff.mismatches++;
      }
      diff.elements += expected.length;
    });
    if (diff.elements > 0) {
      diff.meanAbsolute = absoluteSum / diff.elements;
      diff.meanRelative = relativeSum / diff.elements;
    }
    if (diff.mismatches > 0) diff.passed = false;
    return diff;
  });
}
