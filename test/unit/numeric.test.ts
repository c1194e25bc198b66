import { describe, expect, it } from 'vitest';
import {
  argsortDescendingStable,
  formatFixed,
  linspace,
  numpyMean,
  pairwiseSum,
} from '../../lib/metrics/numeric.js';

describe('numpy and Python numerics', () => {
  it('linspace reproduces np.linspace(.5, .95, 10) digit for digit', () => {
    // Values printed by numpy 2.4: the ninth is 0.8999999999999999, not 0.9.
    expect([...linspace(0.5, 0.95, 10)]).toEqual([
      0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.8999999999999999, 0.95,
    ]);
    expect(linspace(0, 1, 101)[3]).toBe(0.03);
  });

  it('pairwiseSum adds in numpy order (differs from a left-to-right sum)', () => {
    const values = [1e16, 1, -1e16, 1, 1, 1, 1, 1, 1];
    let naive = 0;
    for (const value of values) naive += value;
    // numpy: r = [1e16, 1, -1e16, 1, 1, 1, 1, 1]; ((1e16+1)+(-1e16+1)) + ((1+1)+(1+1)) = 4, then + 1.
    expect(pairwiseSum(values)).toBe(5);
    expect(naive).toBe(6);
    expect(numpyMean([1, 2, 3, 4])).toBe(2.5);
  });

  it("formatFixed rounds exact ties half to even like Python's format", () => {
    expect(formatFixed(0.0625, 3)).toBe('0.062');
    expect(formatFixed(0.3125, 3)).toBe('0.312');
    expect(formatFixed(0.1875, 3)).toBe('0.188');
    expect(formatFixed(-1, 3)).toBe('-1.000');
    expect(formatFixed(0.12349, 3)).toBe('0.123');
  });

  it('argsortDescendingStable keeps ties in index order', () => {
    expect([...argsortDescendingStable([0.5, 0.9, 0.5, 0.9])]).toEqual([1, 3, 0, 2]);
  });

  it('argsortDescendingStable equals a stable comparator sort on long inputs with many ties', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const n of [31, 32, 33, 1000, 5000]) {
      // Few distinct values (ties), zeros of both signs, negatives, infinities.
      const keys = Array.from({ length: n }, () => {
        const r = next();
        if (r < 0.05) return r < 0.025 ? -0 : 0;
        if (r < 0.06) return r < 0.055 ? Infinity : -Infinity;
        return Math.round((next() - 0.3) * 20) / 10;
      });
      const expected = keys
        .map((key, index) => ({ key, index }))
        .sort((p, q) => q.key - p.key || p.index - q.index)
        .map((entry) => entry.index);
      expect([...argsortDescendingStable(keys)]).toEqual(expected);
    }
  });

  it('argsortDescendingStable orders keys with NaN as the comparator path does', () => {
    const keys = [0.5, Number.NaN, ...Array.from({ length: 40 }, (_, i) => (i % 7) / 7)];
    const order = [...argsortDescendingStable(keys)];
    expect(order).toHaveLength(keys.length);
    expect(new Set(order).size).toBe(keys.length);
  });
});
