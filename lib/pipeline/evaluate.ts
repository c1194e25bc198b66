import type { BackendChoice } from '../backends/backend.js';
import { openCocoDataset } from '../data/coco-dataset.js';
import {
  type Dataset,
  type DatasetImage,
  type DatasetSelection,
  selectImages,
} from '../data/dataset.js';
import { openVocDataset } from '../data/voc-dataset.js';
import type { InputSpec } from '../detect/model.js';
import type { PresetName } from '../detect/presets.js';
import type { TrtmapError } from '../errors.js';
import { type ImageStage, nativeImageStage } from './image-stage.js';
import type { ModelFiles } from './model.js';
import { openModel } from './open.js';
import { type PipelineResult, runPipeline } from './run.js';
import { DatasetScorer, type Scores } from './scoring.js';

export type DatasetFiles =
  { coco: { annotations: string; images: string } } | { voc: { root: string; split?: string } };

export interface EvaluateOptions extends DatasetSelection {
  model: ModelFiles;
  dataset: DatasetFiles;
  preset?: PresetName;
  backend?: BackendChoice;
  batch?: number;
  /** Score threshold (`--conf`); default the preset's (0.001). */
  scoreThreshold?: number;
  strict?: boolean;
  threads?: number;
  /** Replaces the native decode + preprocess (the tests feed Python-preprocessed tensors). */
  imageStage?: (spec: InputSpec) => ImageStage;
  onStart?(info: { images: number; backend: string; preset: string; notes: string[] }): void;
  onSkip?(image: DatasetImage, error: TrtmapError): void;
  onProgress?(done: number, total: number): void;
}

export interface Evaluation {
  scores: Scores;
  run: PipelineResult;
  backend: string;
  preset: PresetName;
  notes: string[];
  images: number;
}

export async function openDataset(files: DatasetFiles): Promise<Dataset> {
  if ('coco' in files) return openCocoDataset(files.coco.annotations, files.coco.images);
  return openVocDataset(files.voc.root, { split: files.voc.split });
}

/** `trtmap eval`: a model on a dataset, scored incrementally with COCO and VOC metrics. */
export async function evaluate(options: EvaluateOptions): Promise<Evaluation> {
  const dataset = await openDataset(options.dataset);
  const images = selectImages(dataset.images, options);
  const opened = await openModel(options.model, options);
  try {
    const { backend, preset, notes } = opened;
    const warnings = opened.model.warnings.map((warning) => `warning: ${warning}`);
    options.onStart?.({
      images: images.length,
      backend: backend.description,
      preset: preset.name,
      notes: [...warnings, ...notes],
    });
    const scorer = new DatasetScorer(dataset, images);
    const run = await runPipeline({
      backend,
      preset,
      images,
      stage: (options.imageStage ?? nativeImageStage)(preset.input),
      categoryOfCocoId: dataset.categoryOfCocoId,
      scoreThreshold: options.scoreThreshold,
      batch: options.batch,
      strict: options.strict,
      onImage: (image, detections) => scorer.add(image, detections),
      onSkip: options.onSkip,
      onProgress: options.onProgress,
    });
    return {
      scores: scorer.finish(),
      run,
      backend: backend.description,
      preset: preset.name,
      notes: [...warnings, ...notes],
      images: images.length,
    };
  } finally {
    await opened.backend.dispose();
  }
}
