import { TrtmapError } from '../../errors.js';
import { entropyAmax } from './entropy.js';
import { type AbsHistogram, AbsHistogramCollector, defaultHistogramBins } from './histogram.js';
import { percentileAmax } from './percentile.js';
import { quantizationSqnr, underflowFraction } from './sensitivity.js';

export const calibrationMethods = ['sqnr', 'entropy', 'minmax', 'percentile'] as const;
export type CalibrationMethod = (typeof calibrationMethods)[number];
/** The single-threshold rules that `sqnr` chooses among, per tensor. */
export type ThresholdRule = Exclude<CalibrationMethod, 'sqnr'>;

/** What calibration found for one tensor: its observed range and the symmetric threshold chosen. */
export interface TensorRange {
  min: number;
  max: number;
  /** The |x| that maps to 127 (scale = amax / 127). */
  amax: number;
  /** SQNR (dB) of INT8 at that threshold on the calibration histogram (histogram methods only). */
  sqnrDb?: number;
  /** Fraction of the non-zero values INT8 rounds to 0 at that threshold (histogram methods only). */
  underflow?: number;
  /** Which rule gave `amax` (method `sqnr`: the candidate with the highest SQNR). */
  rule?: ThresholdRule;
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

/**
 * Entropy (TensorRT's KL divergence), percentile, or `sqnr`, over a
 * 2048-bin histogram of |x|. `sqnr` computes the entropy, percentile and
 * min-max thresholds of each tensor and keeps the one whose INT8
 * quantization has the highest SQNR on the calibration histogram (lowest
 * mean-squared error, the criterion of pytorch-quantization's MSE
 * calibrator, searched over those three candidates only): no single rule
 * suits every activation (entropy clips a long-tailed SiLU output of
 * yolox-nano to 6 dB, percentile clips others harder still, min-max wastes
 * the range of tensors with rare outliers).
 */
export class HistogramCalibrator extends MinMaxCalibrator {
  override readonly passes: number = 2;
  private readonly histograms = new Map<string, AbsHistogramCollector>();

  constructor(
    override readonly method: 'entropy' | 'percentile' | 'sqnr',
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
      const rules: ThresholdRule[] =
        this.method === 'sqnr' ? ['minmax', 'entropy', 'percentile'] : [this.method];
      let best: { rule: ThresholdRule; amax: number; sqnrDb: number } | undefined;
      for (const rule of rules) {
        const amax = this.threshold(rule, histogram, range.amax);
        const sqnrDb = quantizationSqnr(histogram, amax);
        // Strictly better only: a tie keeps the earlier, wider candidate.
        if (!best || sqnrDb > best.sqnrDb) best = { rule, amax, sqnrDb };
      }
      Object.assign(range, best, { underflow: underflowFraction(histogram, best!.amax) });
    }
    return ranges;
  }

  private threshold(rule: ThresholdRule, histogram: AbsHistogram, observed: number): number {
    if (rule === 'minmax') return observed;
    const amax =
      rule === 'entropy'
        ? entropyAmax(histogram)
        : percentileAmax(histogram, this.options.percentile);
    // A threshold of 0 (everything in bin 0) would make a zero scale: keep the observed range.
    return amax > 0 ? Math.min(amax, observed) : observed;
  }
}

/** The calibrator of a method (sqnr: trtmap's default; entropy: TensorRT's, EntropyCalibration2). */
export function createCalibrator(
  method: CalibrationMethod,
  options: { percentile?: number } = {},
): Calibrator {
  if (method === 'minmax') return new MinMaxCalibrator();
  return new HistogramCalibrator(method, options);
}
