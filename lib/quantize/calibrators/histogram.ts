/**
 * A histogram of |x| over [0, amax] in equal bins, as TensorRT's calibrators
 * and pytorch-quantization's HistogramCalibrator collect it (2048 bins by
 * default). `edges[i]` is the left edge of bin i; edges has bins + 1 entries.
 */
export interface AbsHistogram {
  counts: Float64Array;
  edges: Float64Array;
}

/** Default bin count of TensorRT's and pytorch-quantization's histograms. */
export const defaultHistogramBins = 2048;

export class AbsHistogramCollector {
  readonly counts: Float64Array;
  private readonly scale: number;

  /** `amax` is the largest |x| the data will show (from a first min-max pass). */
  constructor(
    readonly amax: number,
    readonly bins = defaultHistogramBins,
  ) {
    this.counts = new Float64Array(bins);
    this.scale = amax > 0 ? bins / amax : 0;
  }

  /** Adds |x| of every value; values beyond amax (none after a min-max pass) go to the last bin. */
  add(values: Float32Array): void {
    const last = this.bins - 1;
    for (let index = 0; index < values.length; index++) {
      const value = Math.abs(values[index]);
      if (Number.isNaN(value)) continue;
      const bin = Math.floor(value * this.scale);
      this.counts[bin > last ? last : bin]++;
    }
  }

  histogram(): AbsHistogram {
    const edges = new Float64Array(this.bins + 1);
    for (let index = 0; index <= this.bins; index++) edges[index] = (this.amax * index) / this.bins;
    return { counts: this.counts, edges };
  }
}
