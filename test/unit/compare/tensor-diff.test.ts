import { describe, expect, it } from 'vitest';
import { diffOutputs } from '../../../lib/compare/tensor-diff.js';

const outputs = (values: number[]) => ({
  y: { data: Float32Array.from(values), dims: [values.length] },
});

describe('output differences, Polygraphy-style', () => {
  it('max/mean absolute and relative error over every element of every image', () => {
    const [diff] = diffOutputs(
      [outputs([1, 2]), outputs([4, -8])],
      [outputs([1.5, 2]), outputs([4, -6])],
      { atol: 1, rtol: 1 },
    );
    expect(diff).toMatchObject({
      output: 'y',
      images: 2,
      elements: 4,
      maxAbsolute: 2,
      meanAbsolute: 0.625,
      mismatches: 0,
      passed: true,
    });
    expect(diff.maxRelative).toBeCloseTo(0.5, 12); // 0.5 / 1
    expect(diff.meanRelative).toBeCloseTo((0.5 + 0 + 0 + 0.25) / 4, 12);
  });

  it('an element fails only when beyond atol AND beyond rtol (elemwise)', () => {
    const reference = [outputs([1000, 0.001, 1])];
    const candidate = [outputs([1000.5, 0.0015, 1.2])];
    // 1000.5: abs 0.5 > atol but rel 5e-4 <= rtol; 0.0015: rel 0.5 > rtol but abs 5e-4 <= atol; 1.2: beyond both.
    const [diff] = diffOutputs(reference, candidate, { atol: 0.01, rtol: 0.01 });
    expect(diff.mismatches).toBe(1);
    expect(diff.passed).toBe(false);
  });

  it('a zero reference gives a huge finite relative error (JSON has no infinity); NaN always fails', () => {
    const [zero] = diffOutputs([outputs([0])], [outputs([1e-6])], { atol: 1e-5, rtol: 1e-5 });
    expect(Number.isFinite(zero.maxRelative)).toBe(true);
    expect(zero.maxRelative).toBeGreaterThan(1e30);
    expect(zero.passed).toBe(true); // within atol
    const [nan] = diffOutputs([outputs([1])], [outputs([NaN])], { atol: 1, rtol: 1 });
    expect(nan.passed).toBe(false);
  });

  it('outputs of different sizes never match', () => {
    const [diff] = diffOutputs([outputs([1, 2])], [outputs([1])], { atol: 1, rtol: 1 });
    expect(diff.passed).toBe(false);
  });
});
