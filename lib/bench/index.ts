export { benchmark, type BenchOptions, type BenchResult, type RunTimings } from './harness.js';
export { histogram, type Histogram } from './histogram.js';
export { benchInputs } from './inputs.js';
export { benchJson, formatBenchSummary, statisticsLine, type BenchSubject } from './summary.js';
export {
  latencyStatistics,
  throughputPerSecond,
  trtexecMedian,
  trtexecPercentile,
  type LatencyStatistics,
} from './statistics.js';
