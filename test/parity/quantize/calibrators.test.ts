import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { toFloat16Bits } from '../../../lib/onnx/float16.js';
import { entropyAmax } from '../../../lib/quantize/calibrators/entropy.js';
import { AbsHistogramCollector } from '../../../lib/quantize/calibrators/histogram.js';
import { percentileAmax } from '../../../lib/quantize/calibrators/percentile.js';
import { pythonHas, pythonMissingReason, runPython } from '../../helpers/python.js';
import { seededRandom } from '../../helpers/random.js';

const script = readFileSync(
  path.join(path.dirname(fileURLToPath(import.meta.url)), 'reference_calibration.py'),
  'utf8',
);
const ready = pythonHas('numpy', 'scipy');

/** Activation-like samples: ReLU'd gaussians, laplacians with outliers, a few spikes. */
function fixedHistograms(): { counts: Float64Array; edges: Float64Array }[] {
  const random = seededRandom(13);
  const gaussian = () =>
    Math.sqrt(-2 * Math.log(random() + 1e-12)) * Math.cos(2 * Math.PI * random());
  const makers: (() => number)[] = [
    () => Math.max(0, gaussian()),
    () => -Math.log(random() + 1e-12) * (random() < 0.5 ? -1 : 1),
    () => (random() < 0.001 ? 40 * random() : gaussian() * 0.3),
    () => Math.max(0, gaussian() * 2 + 1) ** 2,
    () => (random() < 0.7 ? 0 : random() * 6),
  ];
  return makers.map((make) => {
    const values = Float32Array.from({ length: 60_000 }, make);
    const amax = values.reduce((max, value) => Math.max(max, Math.abs(value)), 0);
    const collector = new AbsHistogramCollector(amax);
    collector.add(values);
    return collector.histogram();
  });
}

describe.skipIf(!ready)('calibrators against the references', () => {
  it("entropy thresholds equal TensorRT's documented algorithm (scipy) and percentiles numpy's", () => {
    const histograms = fixedHistograms();
    const request = {
      percentile: 99.99,
      histograms: histograms.map((h) => ({
        counts: Array.from(h.counts),
        edges: Array.from(h.edges),
      })),
    };
    const reference = JSON.parse(runPython(script, [], JSON.stringify(request))) as {
      entropy: number[];
      percentile: number[];
    };
    const ours = histograms.map((h) => entropyAmax(h));
    expect(ours).toEqual(reference.entropy);
    expect(histograms.map((h) => percentileAmax(h, 99.99))).toEqual(reference.percentile);
    // The thresholds are real choices, not the histogram's end.
    expect(ours.filter((amax, k) => amax < histograms[k].edges[2048]).length).toBeGreaterThan(2);
  });

  it('rounds to float16 as numpy does', () => {
    const random = seededRandom(5);
    const values = Array.from({ length: 5000 }, (_, k) => {
      const magnitude = 2 ** (random() * 40 - 28);
      return Math.fround((random() < 0.5 ? -1 : 1) * magnitude * (k % 7 === 0 ? 1 + 2 ** -11 : 1));
    });
    const reference = JSON.parse(
      runPython(script, [], JSON.stringify({ float16: values })),
    ).float16;
    expect(values.map(toFloat16Bits)).toEqual(reference);
  });
});

describe.skipIf(ready)('calibrators against the references', () => {
  it.skip(pythonMissingReason('numpy', 'scipy'), () => {});
});
