import { performance } from 'node:perf_hooks';
import type { Backend } from '../backends/backend.js';
import type { DatasetImage } from '../data/dataset.js';
import { readAhead } from '../data/read-ahead.js';
import type { BoundModel } from '../contract/bind.js';
import type { ValidityLint } from '../contract/lint.js';
import type { CategoryMap } from '../detect/decoder.js';
import { Postprocessor } from '../detect/postprocess.js';
import type { Detections, InputPlacement, ModelOutputs } from '../detect/types.js';
import { TrtmapError } from '../errors.js';
import { type BatchPlan, planBatches, stackBatch } from './batches.js';
import type { ImageStage, PreparedImage } from './image-stage.js';

export interface PipelineOptions {
  backend: Backend;
  /** The model's resolved contract (lib/contract). */
  model: BoundModel;
  images: readonly DatasetImage[];
  stage: ImageStage;
  /** Model class -> the evaluation's category (-1 drops the class); the class index by default. */
  categories?: CategoryMap;
  /** Overrides the contract's score threshold. */
  scoreThreshold?: number;
  /** Watches the decoded outputs for the validity warnings. */
  lint?: ValidityLint;
  /** Images per inference (`--batch`); default: the model's fixed batch, else 1. */
  batch?: number;
  /** Images decoded and preprocessed ahead of inference (default 2 batches + 2). */
  readAhead?: number;
  /** Stop at the first unreadable image instead of skipping it. */
  strict?: boolean;
  onImage?(image: DatasetImage, detections: Detections, placement: InputPlacement): void;
  onSkip?(image: DatasetImage, error: TrtmapError): void;
  onProgress?(done: number, total: number): void;
}

export interface StageTiming {
  /** Decode + preprocess, summed over images (it runs on worker threads, overlapped). */
  prepareMs: number;
  inferenceMs: number;
  postprocessMs: number;
  /** The caller's onImage (scoring). */
  scoringMs: number;
  wallMs: number;
}

export interface PipelineResult {
  processed: number;
  skipped: { image: DatasetImage; error: TrtmapError }[];
  detections: number;
  imagesPerSecond: number;
  timing: StageTiming;
}

/** Codes of an image that cannot be read: skipped and counted unless strict. */
const unreadable = new Set(['ERR_DECODE', 'ERR_FILE_NOT_FOUND', 'ERR_IO']);

/**
 * Dataset images -> detections, with the stages overlapped: up to
 * `readAhead` images are decoded and preprocessed on the addon's threads
 * while a batch runs on the backend, and each batch's outputs are decoded
 * and handed to `onImage` (scoring) as soon as it returns.
 */
export function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  return new PipelineRun(options).run();
}

type Pending = { image: DatasetImage; prepared: PreparedImage };
type Inferred = { batch: Pending[]; outputs: ModelOutputs };

class PipelineRun {
  private readonly plan: BatchPlan;
  private readonly postprocessor: Postprocessor;
  private readonly timing: StageTiming = {
    prepareMs: 0,
    inferenceMs: 0,
    postprocessMs: 0,
    scoringMs: 0,
    wallMs: 0,
  };
  private readonly result: PipelineResult = {
    processed: 0,
    skipped: [],
    detections: 0,
    imagesPerSecond: 0,
    timing: this.timing,
  };
  private pending: Pending[] = [];
  /** The last batch's outputs, decoded while the next batch runs on the backend. */
  private inferred: Inferred | undefined;

  constructor(private readonly options: PipelineOptions) {
    const { backend, model } = options;
    const input = backend.inputs.find((tensor) => tensor.name === model.inputName)!;
    this.plan = planBatches(input, options.batch);
    const decoder = model.createDecoder(options.categories);
    this.postprocessor = new Postprocessor(options.lint?.wrap(decoder) ?? decoder, {
      ...model.postprocess,
      scoreThreshold: options.scoreThreshold ?? model.postprocess.scoreThreshold,
    });
  }

  async run(): Promise<PipelineResult> {
    const { options, timing, result } = this;
    const started = performance.now();
    const depth = options.readAhead ?? this.plan.size * 2 + 2;
    const prepare = (image: DatasetImage) => options.stage.prepare(image.path);
    for await (const loaded of readAhead(options.images, depth, prepare)) {
      if (loaded.ok) {
        timing.prepareMs += loaded.value.milliseconds;
        this.pending.push({ image: loaded.item, prepared: loaded.value });
        if (this.pending.length === this.plan.size) await this.runBatch();
      } else this.skip(loaded.item, loaded.error);
      // Counting the batch in flight too, so the last image read reports total/total (100%):
      // `processed` trails by one batch (finished while the next one runs).
      const done =
        result.processed +
        result.skipped.length +
        this.pending.length +
        (this.inferred?.batch.length ?? 0);
      options.onProgress?.(done, options.images.length);
    }
    if (this.pending.length > 0) await this.runBatch();
    if (this.inferred !== undefined) this.finish(this.inferred);
    timing.wallMs = performance.now() - started;
    result.imagesPerSecond = timing.wallMs > 0 ? (result.processed * 1000) / timing.wallMs : 0;
    return result;
  }

  private skip(image: DatasetImage, cause: unknown): void {
    const error = asUnreadable(cause, image);
    if (this.options.strict) throw error;
    this.result.skipped.push({ image, error });
    this.options.onSkip?.(image, error);
  }

  /**
   * Starts this batch on the backend, then decodes and scores the previous
   * batch's outputs while it runs, so the backend is not idle during output
   * decoding (one batch in flight: backends run one at a time, and their
   * outputs are the caller's copies).
   */
  private async runBatch(): Promise<void> {
    const { options, timing } = this;
    const batch = this.pending;
    this.pending = [];
    const tensor = stackBatch(
      batch.map((entry) => entry.prepared.tensor),
      options.model.input,
      this.plan,
    );
    const inferenceStarted = performance.now();
    const running = options.backend.run({ [options.model.inputName]: tensor });
    try {
      if (this.inferred !== undefined) this.finish(this.inferred);
    } catch (error) {
      running.catch(() => undefined); // the error above is the one to report
      throw error;
    }
    const outputs = await running;
    timing.inferenceMs += performance.now() - inferenceStarted;
    this.inferred = { batch, outputs };
  }

  private finish({ batch, outputs }: Inferred): void {
    const { options, timing, result } = this;
    this.inferred = undefined;
    batch.forEach(({ image, prepared }, index) => {
      const decodeStarted = performance.now();
      const detections = this.postprocessor.run(outputs, index, prepared.placement);
      const decoded = performance.now();
      timing.postprocessMs += decoded - decodeStarted;
      options.onImage?.(image, detections, prepared.placement);
      timing.scoringMs += performance.now() - decoded;
      result.processed++;
      result.detections += detections.count;
    });
  }
}

/** An unreadable image as a TrtmapError naming it; anything else (addon missing, a bug) is rethrown. */
function asUnreadable(error: unknown, image: DatasetImage): TrtmapError {
  if (error instanceof TrtmapError && unreadable.has(error.code)) {
    const message = error.message.includes(image.path)
      ? error.message
      : `${image.path}: ${error.message}`;
    return new TrtmapError(error.code, message, { file: image.path, cause: error });
  }
  throw error;
}
