/** Power of the input rail over a measured window, and what it costs per image. */
export interface PowerSummary {
  /** The rail measured, e.g. POM_5V_IN; and how: tegrastats or the INA3221 sysfs files. */
  rail: string;
  source: 'tegrastats' | 'ina3221';
  samples: number;
  /** Mean and maximum of the instantaneous readings in the window (W). */
  averageWatts: number;
  peakWatts: number;
  /** averageWatts x measured seconds / images, in millijoules. */
  energyPerImageMj: number;
  /** images/s / averageWatts. */
  imagesPerSecondPerWatt: number;
}

/** A reading of the input rail at a moment (milliwatts, milliseconds). */
export interface PowerReading {
  timeMs: number;
  milliwatts: number;
}

/**
 * Sums up the readings taken during a measured window: average and peak
 * watts, and with the images and seconds of that window, energy per image
 * (mJ = W x s / images x 1000) and images/s per watt. Returns undefined
 * without readings (nothing to say rather than a 0).
 */
export function summarizePower(
  readings: readonly PowerReading[],
  window: { rail: string; source: PowerSummary['source']; images: number; seconds: number },
): PowerSummary | undefined {
  if (readings.length === 0 || window.images <= 0 || window.seconds <= 0) return undefined;
  const watts = readings.map((reading) => reading.milliwatts / 1000);
  const averageWatts = watts.reduce((sum, value) => sum + value, 0) / watts.length;
  const imagesPerSecond = window.images / window.seconds;
  return {
    rail: window.rail,
    source: window.source,
    samples: readings.length,
    averageWatts,
    peakWatts: Math.max(...watts),
    energyPerImageMj: ((averageWatts * window.seconds) / window.images) * 1000,
    imagesPerSecondPerWatt: averageWatts > 0 ? imagesPerSecond / averageWatts : 0,
  };
}
