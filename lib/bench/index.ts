export { benchmark, type BenchOptions, type BenchResult, type RunTimings } from './harness.js';
export {
  latencyStatistics,
  throughputPerSecond,
  trtexecMedian,
  trtexecPercentile,
  type LatencyStatistics,
} from './statistics.js';
