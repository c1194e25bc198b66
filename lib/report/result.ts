import type { Histogram } from '../bench/histogram.js';
import type { LatencyStatistics } from '../bench/statistics.js';
import { TrtmapError } from '../errors.js';
import { readJsonFile } from '../metrics/json-file.js';
import type { BenchmarkMachine } from '../board/index.js';
import type { PowerSummary } from '../board/power.js';
import type { LayerPrecisions } from '../trt/layer-precisions.js';

/**
 * The reference (ONNX Runtime, CPU), a TensorRT engine of one precision, or
 * trtmap's FP16 / Q/DQ INT8 model on ONNX Runtime (lib/quantize).
 */
export type LegId = 'reference' | 'fp32' | 'fp16' | 'int8' | 'fp16-ort' | 'int8-ort';

export interface ClassAccuracy {
  /** The category id (a string for datasets with string ids; a big integer as its digits). */
  id: number | string;
  name: string;
  groundTruths: number;
  /** COCO AP@[.5:.95] and AP@0.5 of the class (pycocotools, area all, 100 detections). */
  ap: number;
  ap50: number;
  /** VOC all-point AP@0.5 of the class; null where VOC has no such class. */
  vocAp: number | null;
  /** The devkit's ground truth of the class (difficult boxes excluded); absent in older results. */
  vocGroundTruths?: number;
  /** pycocotools' interpolated precision at IoU 0.5 at each of the run's recall thresholds. */
  curve: number[];
}

export interface LegAccuracy {
  /** COCO mAP@[.5:.95] and mAP@0.5 (stats[0], stats[1]); VOC all-point mAP@0.5. */
  cocoMap: number;
  cocoMap50: number;
  vocMap: number;
  images: number;
  skippedImages: number;
  detections: number;
  /** The whole evaluation pipeline's rate (decode to scoring), not the model's. */
  pipelineImagesPerSecond: number;
  /** Mean of the class curves at each recall threshold: its mean is mAP@0.5. */
  overallCurve: number[];
  classes: ClassAccuracy[];
  /** Per-size AP, TIDE's error breakdown and the best-F1 point (lib/metrics/analysis); absent in older files. */
  analysis?: LegAnalysis;
}

/** What a leg's errors look like: the figures compare sets side by side (lib/compare/leg-analysis.ts). */
export interface LegAnalysis {
  /** COCO AP@[.5:.95] of small, medium and large objects (stats[3..5]). */
  apBySize: { small: number; medium: number; large: number };
  /** Per class (by name): AP@[.5:.95] per size, -1 without boxes of that size. */
  classApBySize: Record<string, { small: number; medium: number; large: number }>;
  /** TIDE at IoU 0.5: its AP, the dAP of each error type (points), and the error counts. */
  tide: {
    ap: number;
    dAP: Record<string, number>;
    dAPMean: Record<string, number>;
    counts: Record<string, number>;
    countsBySize: Record<string, Record<string, number>>;
  };
  /** Ultralytics' best-F1 point at IoU 0.5. */
  bestF1: { confidence: number; f1: number; precision: number; recall: number };
}

/** trtexec's figures of one leg (milliseconds), as lib/bench measures them. */
export interface LegSpeed {
  batch: number;
  iterations: number;
  warmupIterations: number;
  wallMs: number;
  inferencesPerSecond: number;
  imagesPerSecond: number;
  latency: LatencyStatistics;
  hostLatency: LatencyStatistics;
  enqueue?: LatencyStatistics;
  h2d?: LatencyStatistics;
  compute?: LatencyStatistics;
  d2h?: LatencyStatistics;
  histogram: Histogram;
  /** --power: the input rail over the measured runs, or why it was not measured. */
  power?: PowerSummary;
  powerUnavailable?: string;
}

/** Polygraphy-style comparison of one output with the reference's, over the sampled images. */
export interface TensorDiff {
  output: string;
  images: number;
  elements: number;
  maxAbsolute: number;
  meanAbsolute: number;
  maxRelative: number;
  meanRelative: number;
  /** Elements beyond both atol and rtol (Polygraphy's elemwise check). */
  mismatches: number;
  passed: boolean;
}

export interface Leg {
  id: LegId;
  label: string;
  /** e.g. "ONNX Runtime 1.30.0 (CPU)" or "TensorRT 8.2.1 on NVIDIA Tegra X1". */
  backend: string;
  status: 'ok' | 'skipped' | 'failed';
  /** Why a leg was skipped or failed: "<code>: <message>". */
  reason?: string;
  /**
   * `warnings`: what the build warned about (no fast INT8 on this GPU, a precision not obtained);
   * `source`: how the engine got its precision (lib/quantize/tensorrt.ts' plan); `layerPrecisions`:
   * how many layers run in each precision, from TensorRT's engine inspector (null: not reported).
   */
  engine?: {
    path: string;
    cached: boolean;
    buildSeconds?: number;
    warnings?: string[];
    source?: string;
    layerPrecisions?: LayerPrecisions | null;
  };
  accuracy?: LegAccuracy;
  speed?: LegSpeed;
  tensorDiffs?: TensorDiff[];
}

/** Everything `trtmap compare` measured: what `trtmap report` renders again. */
export interface ComparisonRun {
  format: 'trtmap-compare';
  version: 1;
  createdAt: string;
  trtmapVersion: string;
  model: { path: string; sha256: string };
  preset: string;
  dataset: { kind: 'coco' | 'voc'; path: string; images: number };
  /** The mAP that the difference column and --max-map-drop use: COCO mAP@[.5:.95] or VOC mAP. */
  headline: 'coco' | 'voc';
  recallThresholds: number[];
  tolerances: { atol: number; rtol: number; images: number };
  maxMapDrop?: number;
  /** The machine and, on a Jetson, its power mode, clocks and thermal state. */
  board?: BenchmarkMachine;
  legs: Leg[];
}

/** Reads a saved result, checking that it is one (ERR_PARSE otherwise). */
export function readComparison(file: string): ComparisonRun {
  const value = readJsonFile(file, 'compare result') as Partial<ComparisonRun> | null;
  if (
    value === null ||
    typeof value !== 'object' ||
    value.format !== 'trtmap-compare' ||
    !Array.isArray(value.legs)
  ) {
    throw new TrtmapError(
      'ERR_PARSE',
      `${file}: not a trtmap compare result (expected "format": "trtmap-compare"; write one with trtmap compare --json <file>)`,
      { file },
    );
  }
  if (value.version !== 1) {
    throw new TrtmapError(
      'ERR_PARSE',
      `${file}: compare result version ${String(value.version)} is not supported (this trtmap reads version 1)`,
      { file },
    );
  }
  return value as ComparisonRun;
}
