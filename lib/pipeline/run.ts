import { performance } from 'node:perf_hooks';
import type { Backend } from '../backends/backend.js';
import type { DatasetImage } from '../data/dataset.js';
import { readAhead } from '../data/read-ahead.js';
import { Postprocessor } from '../detect/postprocess.js';
import type { Preset } from '../detect/presets.js';
import type { Detections, InputPlacement } from '../detect/types.js';
import { TrtmapError } from '../errors.js';
import { planBatches, stackBatch } from './batches.js';
import type { ImageStage, PreparedImage } from './image-stage.js';

export interface PipelineOptions {
  backend: Backend;
  preset: Preset;
  images: readonly DatasetImage[];
  stage: ImageStage;
  /** The evaluation's category of a COCO id (-1 drops the class); identity by default. */
  categoryOfCocoId?: (cocoId: number) => number;
  /** Overrides the preset's score threshold (`--conf`). */
  scoreThreshold?: number;
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
export async function runPipeline(options: PipelineOptions): Promise<PipelineResult> {
  const { backend, preset, stage } = options;
  const input = backend.inputs.find((tensor) => tensor.name === preset.inputName)!;
  const plan = planBatches(input, options.batch);
  const postprocessor = new Postprocessor(
    preset.createDecoder(options.categoryOfCocoId ?? ((id) => id)),
    {
      ...preset.postprocess,
      scoreThreshold: options.scoreThreshold ?? preset.postprocess.scoreThreshold,
    },
  );
  const timing: StageTiming = {
    prepareMs: 0,
    inferenceMs: 0,
    postprocessMs: 0,
    scoringMs: 0,
    wallMs: 0,
  };
  const result: PipelineResult = {
    processed: 0,
    skipped: [],
    detections: 0,
    imagesPerSecond: 0,
    timing,
  };
  const started = performance.now();
  let pending: { image: DatasetImage; prepared: PreparedImage }[] = [];

  const runBatch = async () => {
    const batch = pending;
    pending = [];
    const tensor = stackBatch(
      batch.map((entry) => entry.prepared.tensor),
      preset.input,
      plan,
    );
    const inferenceStarted = performance.now();
    const outputs = await backend.run({ [preset.inputName]: tensor });
    timing.inferenceMs += performance.now() - inferenceStarted;
    for (let index = 0; index < batch.length; index++) {
      const { image, prepared } = batch[index];
      const clock = performance.now();
      const detections = postprocessor.run(outputs, index, prepared.placement);
      const decoded = performance.now();
      timing.postprocessMs += decoded - clock;
      options.onImage?.(image, detections, prepared.placement);
      timing.scoringMs += performance.now() - decoded;
      result.processed++;
      result.detections += detections.count;
    }
  };

  const total = options.images.length;
  const depth = options.readAhead ?? plan.size * 2 + 2;
  for await (const loaded of readAhead(options.images, depth, (image) =>
    stage.prepare(image.path),
  )) {
    if (loaded.ok) {
      timing.prepareMs += loaded.value.milliseconds;
      pending.push({ image: loaded.item, prepared: loaded.value });
      if (pending.length === plan.size) await runBatch();
    } else {
      const error = asUnreadable(loaded.error, loaded.item);
      if (options.strict) throw error;
      result.skipped.push({ image: loaded.item, error });
      options.onSkip?.(loaded.item, error);
    }
    options.onProgress?.(result.processed + result.skipped.length + pending.length, total);
  }
  if (pending.length > 0) await runBatch();
  timing.wallMs = performance.now() - started;
  result.imagesPerSecond = timing.wallMs > 0 ? (result.processed * 1000) / timing.wallMs : 0;
  return result;
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
