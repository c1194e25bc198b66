import { TrtmapError } from '../../errors.js';
import { entropyAmax } from './entropy.js';
import { AbsHistogramCollector, defaultHistogramBins } from './histogram.js';
import { percentileAmax } from './percentile.js';
import { quantizationSqnr } from './sensitivity.js';

export const calibrationMethods = ['entropy', 'minmax', 'percentile'] as const;
export type CalibrationMethod = (typeof calibrationMethods)[number];

/** What calibration found for one tensor: its observed range and the symmetric threshold chosen. */
export interface TensorRange {
  min: number;
  max: number;
  /** The |x| that maps to 127 (scale = amax / 127). */
  amax: number;
  /** SQNR (dB) of INT8 at that threshold on the calibration histogram (histogram methods only). */
  sqnrDb?: number;
}

/**
 * One calibration method, kept apart from the quantizer as onnxruntime's
 * `quantization/calibrate.py` does: `collect` sees the activations batch by
 * batch (`collect_data`), `compute` turns them into ranges (`compute_data`).
 * Histogram methods need two passes over the data: the range of |x| first,
 * then the histogram over [0, amax] (TensorRT's calibrators do the same).
 */
export interface Calibrator {
  readonly method: CalibrationMethod;
  readonly passes: number;
  collect(pass: number, tensor: string, values: Float32Array): void;
  compute(): Map<string, TensorRange>;
}

/** Min-max: amax = max(|min|, |max|) over every value seen (onnxruntime MinMaxCalibrater, symmetric). */
export class MinMaxCalibrator implements Calibrator {
  readonly method: CalibrationMethod = 'minmax';
  readonly passes: number = 1;
  protected readonly ranges = new Map<string, { min: number; max: number }>();

  collect(_pass: number, tensor: string, values: Float32Array): void {
    let range = this.ranges.get(tensor);
    if (!range) this.ranges.set(tensor, (range = { min: Infinity, max: -Infinity }));
    let { min, max } = range;
    for (let index = 0; index < values.length; index++) {
      const value = values[index];
      if (value < min) min = value;
      if (value > max) max = value;
    }
    range.min = min;
    range.max = max;
  }

  compute(): Map<string, TensorRange> {
    const result = new Map<string, TensorRange>();
    for (const [tensor, { min, max }] of this.ranges) {
      if (!Number.isFinite(min) || !Number.isFinite(max)) {
        throw new TrtmapError(
          'ERR_INVALID_ARGUMENT',
          `calibration saw no finite value in tensor ${tensor} (empty or NaN/inf activations); check the calibration images and preprocessing`,
        );
      }
      result.set(tensor, { min, max, amax: Math.max(Math.abs(min), Math.abs(max)) });
    }
    return result;
  }
}

/** Entropy (TensorRT's KL divergence) or percentile, over a 2048-bin histogram of |x|. */
export class HistogramCalibrator extends MinMaxCalibrator {
  override readonly passes: number = 2;
  private readonly histograms = new Map<string, AbsHistogramCollector>();

  constructor(
    override readonly method: 'entropy' | 'percentile',
    private readonly options: { bins?: number; percentile?: number } = {},
  ) {
    super();
  }

  override collect(pass: number, tensor: string, values: Float32Array): void {
    if (pass === 0) return super.collect(pass, tensor, values);
    let histogram = this.histograms.get(tensor);
    if (!histogram) {
      const range = this.ranges.get(tensor);
      const amax = range ? Math.max(Math.abs(range.min), Math.abs(range.max)) : 0;
      histogram = new AbsHistogramCollector(amax, this.options.bins ?? defaultHistogramBins);
      this.histograms.set(tensor, histogram);
    }
    histogram.add(values);
  }

  override compute(): Map<string, TensorRange> {
    const ranges = super.compute();
    for (const [tensor, range] of ranges) {
      const collector = this.histograms.get(tensor);
      if (!collector || range.amax === 0) continue;
      const histogram = collector.histogram();
      const amax =
        this.method === 'entropy'
          ? entropyAmax(histogram)
          : percentileAmax(histogram, this.options.percentile);
      // A threshold of 0 (everything in bin 0) would make a zero scale: keep the observed range.
      range.amax = amax > 0 ? Math.min(amax, range.amax) : range.amax;
      range.sqnrDb = quantizationSqnr(histogram, range.amax);
    }
    return ranges;
  }
}

/** The calibrator of a method (entropy: TensorRT's default, EntropyCalibration2). */
export function createCalibrator(
  method: CalibrationMethod,
  options: { percentile?: number } = {},
): Calibrator {
  if (method === 'minmax') return new MinMaxCalibrator();
  return new HistogramCalibrator(method, options);
}
