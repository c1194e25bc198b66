import { readFileSync } from 'node:fs';
import type { BenchOptions } from '../bench/harness.js';
import { selectImages } from '../data/dataset.js';
import type { ContractRequest } from '../contract/resolve.js';
import { defaultRecallThresholds } from '../metrics/coco/params.js';
import { type DatasetFiles, openDataset } from '../pipeline/evaluate.js';
import { tensorRtAbsent } from '../backends/tensorrt-absent.js';
import type { ComparisonRun, Leg } from '../report/result.js';
import type { CompareContext } from './context.js';
import { sha256 } from '../trt/engine-cache.js';
import { runEngineLeg, skippedLeg } from './engine-leg.js';
import {
  describeUnavailable,
  loadEngineToolkit,
  type Precision,
  type TimedOptions,
  type ToolkitLoad,
} from '../backends/tensorrt-toolkit.js';
import { runReferenceLeg } from './reference-leg.js';
import { collectMachine, unlockedClocksWarning } from '../board/index.js';
import { runOrtPrecisionLeg } from '../quantize/compare-leg.js';
import { powerHooks } from '../board/measure.js';
import type { PowerSources } from '../board/sampler.js';
import type { Tolerances } from './tensor-diff.js';

export interface CompareOptions {
  onnx: string;
  dataset: DatasetFiles;
  /** How to read the model (preset, --model-config, flags), resolved once on the reference leg. */
  contract?: ContractRequest;
  precisions: Precision[];
  limit?: number;
  batch?: number;
  threads?: number;
  scoreThreshold?: number;
  calibrationImages?: string[];
  timing: BenchOptions & TimedOptions;
  power?: boolean;
  /** atol/rtol, and how many dataset images the outputs are compared on. */
  tolerances: Tolerances & { images: number };
  maxMapDrop?: number;
  cacheDirectory: string;
  trtmapVersion: string;
  /** The TensorRT layer, or why it is unavailable; loaded when not given (the tests inject one). */
  toolkit?: ToolkitLoad;
  log?(line: string): void;
  /** Images done of each leg's evaluation ("reference", "fp16", ...), as `eval` reports them. */
  onProgress?(leg: string, done: number, total: number): void;
}

/**
 * `trtmap compare`: the reference leg (ONNX Runtime, CPU) and one TensorRT
 * leg per precision, each evaluated on the same images, run on the same
 * sampled inputs and benchmarked; legs that cannot run are recorded as
 * skipped with the reason, so the result always says what was compared.
 */
export async function compareModel(options: CompareOptions): Promise<ComparisonRun> {
  const log = options.log ?? (() => {});
  const board = await collectMachine({ onnxRuntimeThreads: options.threads });
  const warning = unlockedClocksWarning(board);
  if (warning) log(`warning: ${warning}`);
  const modelSha256 = sha256(readFileSync(options.onnx));
  const dataset = await openDataset(options.dataset);
  const images = selectImages(dataset.images, { limit: options.limit });
  const shared = {
    onnx: options.onnx,
    modelSha256,
    dataset: options.dataset,
    images,
    limit: options.limit,
    batch: options.batch,
    threads: options.threads,
    scoreThreshold: options.scoreThreshold,
    timing: options.timing,
    power: options.power,
    tolerances: options.tolerances,
    cacheDirectory: options.cacheDirectory,
    calibrationImages: options.calibrationImages,
    log,
    onProgress: options.onProgress,
  };
  const reference = await runReferenceLeg({
    ...shared,
    contract: options.contract,
    sampleCount: options.tolerances.images,
  });
  const context: CompareContext = { ...shared, ...reference };
  const load = options.toolkit ?? (await loadEngineToolkit());
  const legs: Leg[] = [reference.leg];
  // One line for a machine without TensorRT, not one per precision.
  if (!('toolkit' in load))
    log(`${tensorRtAbsent(load.code)}: TensorRT ${options.precisions.join(', ')} skipped`);
  // trtmap's own FP16 / Q/DQ models on ONNX Runtime: these legs run on any machine.
  for (const precision of options.precisions)
    if (precision !== 'fp32') legs.push(await withLegPower(context, runOrtPrecisionLeg, precision));
  for (const precision of options.precisions) {
    if ('toolkit' in load) legs.push(await runEngineLeg(context, load.toolkit, precision));
    else legs.push(skippedLeg(precision, describeUnavailable(load)));
  }
  return {
    format: 'trtmap-compare',
    version: 1,
    createdAt: new Date().toISOString(),
    trtmapVersion: options.trtmapVersion,
    model: { path: options.onnx, sha256: modelSha256 },
    preset: reference.preset,
    dataset: {
      kind: 'coco' in options.dataset ? 'coco' : 'voc',
      path: 'coco' in options.dataset ? options.dataset.coco.annotations : options.dataset.voc.root,
      images: images.length,
    },
    headline: 'coco' in options.dataset ? 'coco' : 'voc',
    // DatasetScorer evaluates with pycocotools' default Params: recThrs = linspace(0, 1, 101).
    recallThresholds: Array.from(defaultRecallThresholds()),
    tolerances: options.tolerances,
    maxMapDrop: options.maxMapDrop,
    board,
    legs,
  };
}

/**
 * `--power` for a leg that benchmarks through `context.timing` without
 * measuring power itself (the ONNX Runtime FP16/INT8 legs): the input rail
 * is sampled during that leg's measured runs, as for the reference and the
 * engines, and the figures (or why there are none) go into its speed.
 */
export async function withLegPower<T>(
  context: CompareContext,
  runLeg: (context: CompareContext, what: T) => Promise<Leg>,
  what: T,
  sources?: PowerSources,
): Promise<Leg> {
  if (!context.power) return runLeg(context, what);
  const hooks = powerHooks(sources);
  let leg: Leg | undefined;
  try {
    leg = await runLeg(
      {
        ...context,
        timing: {
          ...context.timing,
          onMeasureStart: hooks.onMeasureStart,
          onMeasureEnd: hooks.onMeasureEnd,
        },
      },
      what,
    );
  } finally {
    if (!leg?.speed) hooks.finish(undefined);
  }
  if (!leg.speed) return leg;
  const measured = hooks.finish(leg.speed);
  return { ...leg, speed: { ...leg.speed, ...measured } };
}
