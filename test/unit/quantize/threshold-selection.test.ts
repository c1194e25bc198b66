import { describe, expect, it } from 'vitest';
import { HistogramCalibrator } from '../../../lib/quantize/calibrators/calibrator.js';
import { entropyAmax } from '../../../lib/quantize/calibrators/entropy.js';
import { AbsHistogramCollector } from '../../../lib/quantize/calibrators/histogram.js';
import { percentileAmax } from '../../../lib/quantize/calibrators/percentile.js';
import {
  quantizationSqnr,
  underflowFraction,
} from '../../../lib/quantize/calibrators/sensitivity.js';
import { seededRandom } from '../../helpers/random.js';

/** SQNR (dB) of fake-quantizing the samples themselves (symmetric INT8, saturating): no histogram. */
function directSqnr(values: Float32Array, amax: number): number {
  const scale = amax / 127;
  let signal = 0;
  let noise = 0;
  for (const value of values) {
    const level = Math.max(-127, Math.min(127, Math.round(value / scale)));
    signal += value * value;
    noise += (value - level * scale) ** 2;
  }
  return 10 * Math.log10(signal / noise);
}

function histogramOf(values: Float32Array) {
  const amax = values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
  const collector = new AbsHistogramCollector(amax);
  collector.add(values);
  return { histogram: collector.histogram(), amax };
}

const random = seededRandom(29);
const gaussian = () =>
  Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
const distributions: Record<string, () => number> = {
  gaussian,
  laplacian: () => -Math.log(random() + 1e-12) * (random() < 0.5 ? -1 : 1),
  'gaussian with rare outliers': () => (random() < 0.0005 ? 30 * (random() - 0.5) : gaussian()),
  // The yolox-nano 687 shape: a tiny bulk and rare values 1000x larger (SiLU output).
  'tiny bulk, large tail': () => (random() < 0.002 ? 100 * random() : 0.05 * gaussian()),
  'relu of gaussian': () => Math.max(0, gaussian()),
};
const samples = Object.fromEntries(
  Object.entries(distributions).map(([name, make]) => [
    name,
    Float32Array.from({ length: 100_000 }, make),
  ]),
);

describe('quantization SQNR from a histogram', () => {
  it('is exact for values uniform over one bin (computed by hand)', () => {
    // Uniform on [0, 1.27] with amax 1.27: step s = 0.01; 126 full cells of noise s^3/12 and two
    // half cells of (s/2)^3/3 give a mean squared error of s^2/12; E[x^2] = 1.27^2 / 3.
    const histogram = { counts: Float64Array.of(5), edges: Float64Array.of(0, 1.27) };
    const expected = 10 * Math.log10(1.27 ** 2 / 3 / (0.01 ** 2 / 12));
    expect(quantizationSqnr(histogram, 1.27)).toBeCloseTo(expected, 9);
    expect(expected).toBeCloseTo(48.0967, 3);
    // amax 0.635 clips the upper half to 0.635: E[(x - 0.635)^2] over [0.635, 1.27] is 0.635^2/3,
    // half the values; the lower half keeps a noise of (0.005)^2/12.
    const clipped = 10 * Math.log10(1.27 ** 2 / 3 / ((0.635 ** 2 / 3 + 0.005 ** 2 / 12) / 2));
    expect(quantizationSqnr(histogram, 0.635)).toBeCloseTo(clipped, 9);
    expect(quantizationSqnr(histogram, 0)).toBe(Infinity);
  });

  it.each(Object.keys(samples))('matches fake-quantizing the samples themselves (%s)', (name) => {
    const { histogram, amax } = histogramOf(samples[name]);
    // Within 0.2 dB, except where the whole bulk sits in the first few of the 2048 bins (not
    // uniform within them): there the histogram's resolution allows 1 dB.
    const tolerance = name === 'tiny bulk, large tail' ? 1 : 0.2;
    for (const threshold of [
      amax,
      entropyAmax(histogram),
      percentileAmax(histogram, 99.99),
      amax / 3,
    ]) {
      expect(
        Math.abs(quantizationSqnr(histogram, threshold) - directSqnr(samples[name], threshold)),
      ).toBeLessThan(tolerance);
    }
  });
});

describe('underflow fraction', () => {
  it('counts the non-zero values that round to 0 (computed by hand)', () => {
    // Bins of 0.01 over [0, 0.04]; amax 2.54 rounds |x| < 0.01 to 0: bin 1 on, bin 0 left out.
    const histogram = {
      counts: Float64Array.of(100, 2, 3, 5),
      edges: Float64Array.of(0, 0.01, 0.02, 0.03, 0.04),
    };
    expect(underflowFraction(histogram, 2.54)).toBe(0);
    // amax 5.08: |x| < 0.02 is 0, i.e. bin 1 (2 of 10).
    expect(underflowFraction(histogram, 5.08)).toBeCloseTo(0.2, 12);
    // amax 3.81: |x| < 0.015, half of bin 1.
    expect(underflowFraction(histogram, 3.81)).toBeCloseTo(0.1, 12);
    expect(underflowFraction(histogram, 254)).toBe(1);
  });
});

describe("the 'sqnr' calibrator", () => {
  it.each(Object.keys(samples))(
    'picks the entropy, percentile or min-max threshold with the best direct SQNR (%s)',
    (name) => {
      const values = samples[name];
      const calibrator = new HistogramCalibrator('sqnr');
      for (const pass of [0, 1])
        for (let start = 0; start < values.length; start += 25_000)
          calibrator.collect(pass, 't', values.subarray(start, start + 25_000));
      const range = calibrator.compute().get('t')!;
      const { histogram, amax } = histogramOf(values);
      const candidates = {
        minmax: amax,
        entropy: Math.min(entropyAmax(histogram), amax),
        percentile: Math.min(percentileAmax(histogram, 99.99), amax),
      };
      const direct = Object.entries(candidates).map(([rule, threshold]) => ({
        rule,
        threshold,
        sqnr: directSqnr(values, threshold),
      }));
      direct.sort((a, b) => b.sqnr - a.sqnr);
      // A near tie (within the histogram's 0.2 dB) may go either way; otherwise the best wins.
      if (direct[0].sqnr - direct[1].sqnr > 0.4) {
        expect(range.rule).toBe(direct[0].rule);
        expect(range.amax).toBe(direct[0].threshold);
      } else {
        expect([direct[0].rule, direct[1].rule]).toContain(range.rule);
      }
      expect(range.sqnrDb).toBeCloseTo(quantizationSqnr(histogram, range.amax), 9);
      expect(range.underflow).toBeCloseTo(underflowFraction(histogram, range.amax), 12);
    },
  );

  it('shows why a per-tensor scale fails on a tiny bulk with a large tail', () => {
    const values = samples['tiny bulk, large tail'];
    const calibrator = new HistogramCalibrator('sqnr');
    for (const pass of [0, 1]) calibrator.collect(pass, 't', values);
    const range = calibrator.compute().get('t')!;
    // Entropy keeps the bulk by clipping the tail (poor SQNR); every wider threshold rounds most
    // of the bulk to 0: no threshold keeps both, so the underflow limit (default 0.05) keeps it in float.
    const { histogram } = histogramOf(values);
    expect(quantizationSqnr(histogram, entropyAmax(histogram))).toBeLessThan(range.sqnrDb!);
    expect(range.rule).not.toBe('entropy');
    expect(range.underflow).toBeGreaterThan(0.25);
    for (const name of ['gaussian', 'laplacian', 'relu of gaussian']) {
      const other = new HistogramCalibrator('sqnr');
      for (const pass of [0, 1]) other.collect(pass, 't', samples[name]);
      expect(other.compute().get('t')!.underflow).toBeLessThan(0.1);
    }
  });
});
