import type { BackendChoice } from '../backends/backend.js';
import { describeRenamed, mapClasses } from '../contract/classes.js';
import { ValidityLint } from '../contract/lint.js';
import { DecodedImageChecks } from '../data/decoded-image-checks.js';
import type { ContractRequest, ResolvedContract } from '../contract/resolve.js';
import type { InputContract } from '../contract/types.js';
import { openCocoDataset } from '../data/coco-dataset.js';
import {
  type Dataset,
  type DatasetImage,
  type DatasetSelection,
  selectImages,
} from '../data/dataset.js';
import { checkImageFiles } from '../data/image-files.js';
import type { CocoId } from '../metrics/coco/ids.js';
import { openVocDataset } from '../data/voc-dataset.js';
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
  /** How to read the model: preset, --model-config file, flags (lib/contract). */
  contract?: ContractRequest;
  /** Shorthand for contract.preset. */
  preset?: string;
  backend?: BackendChoice;
  batch?: number;
  /** Overrides the contract's score threshold. */
  scoreThreshold?: number;
  strict?: boolean;
  threads?: number;
  /** TensorRT plugin libraries the engine needs (--plugins). */
  plugins?: readonly string[];
  /** Replaces the native decode + preprocess (the tests feed Python-preprocessed tensors). */
  imageStage?: (input: InputContract) => ImageStage;
  onStart?(info: {
    images: number;
    backend: string;
    preset: string;
    notes: string[];
    contract: ResolvedContract;
  }): void;
  onSkip?(image: DatasetImage, error: TrtmapError): void;
  onProgress?(done: number, total: number): void;
}

export interface Evaluation {
  scores: Scores;
  run: PipelineResult;
  backend: string;
  /** The preset (or family) the contract started from. */
  preset: string;
  /** The resolved contract and where each value came from. */
  contract: ResolvedContract;
  /** Why the numbers may not be trustworthy (validity lint), to print before them. */
  warnings: string[];
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
  checkImageFiles(dataset, images);
  const contractRequest = {
    ...options.contract,
    preset: options.contract?.preset ?? options.preset,
  };
  const opened = await openModel(options.model, { ...options, contract: contractRequest });
  try {
    const { backend, bound, resolved } = opened;
    const notes = [
      ...opened.model.warnings.map((warning) => `warning: ${warning}`),
      ...opened.notes,
      ...resolved.notes,
    ];
    const mapping = mapClasses(resolved.contract.classes, {
      categories: numericCategories(dataset),
      categoryOfCocoId: dataset.categoryOfCocoId,
    });
    const { classes } = resolved.contract;
    if (classes.source === 'indices')
      notes.push(
        `warning: the model carries no class names (${classes.names.length} classes): class k is taken as COCO category id k + 1 (${describeRenamed(mapping.renamed)}); pass --classes with the model's names file (the .names it was trained with) or a model config`,
      );
    else if (mapping.renamed.length > 0)
      notes.push(
        `warning: ${mapping.renamed.length} model class(es) matched by id have another name in the dataset (${describeRenamed(mapping.renamed)}); if the dataset numbers its own classes, pass --class-match name`,
      );
    const lint = new ValidityLint({
      contract: resolved.contract,
      sources: resolved.sources,
      nmsPlugins: opened.description.nmsPlugins,
      dataset: {
        categoriesWithGroundTruth: categoriesWithGroundTruth(dataset, images),
        map: mapping.map,
      },
    });
    // Made before the run starts: the native stage checks the contract's preprocessing up front.
    const decodedChecks = new DecodedImageChecks(dataset.groundTruth, images);
    const stage = decodedChecks.watch((options.imageStage ?? nativeImageStage)(bound.input));
    options.onStart?.({
      images: images.length,
      backend: backend.description,
      preset: bound.name,
      notes,
      contract: resolved,
    });
    const scorer = new DatasetScorer(dataset, images);
    const run = await runPipeline({
      backend,
      model: bound,
      images,
      stage,
      categories: mapping.map,
      scoreThreshold: options.scoreThreshold,
      batch: options.batch,
      strict: options.strict,
      lint,
      onImage: (image, detections) => scorer.add(image, detections),
      onSkip: options.onSkip,
      onProgress: options.onProgress,
    });
    return {
      scores: scorer.finish(),
      run,
      backend: backend.description,
      preset: bound.name,
      contract: resolved,
      warnings: [...decodedChecks.warnings(), ...lint.finish()],
      notes,
      images: images.length,
    };
  } finally {
    await opened.backend.dispose();
  }
}

/** The dataset's categories; openCocoDataset and openVocDataset guarantee numeric ids. */
function numericCategories(dataset: Dataset): { id: number; name: string }[] {
  return dataset.groundTruth.categories as { id: number; name: string }[];
}

/** Categories with at least one non-crowd ground-truth box among the evaluated images. */
function categoriesWithGroundTruth(dataset: Dataset, images: readonly DatasetImage[]) {
  const { annotations, annotationsByImage } = dataset.groundTruth;
  const categories = numericCategories(dataset);
  const present = new Set<CocoId>();
  for (const image of images) {
    for (const index of annotationsByImage.get(image.id) ?? []) {
      if (!annotations.iscrowd[index]) present.add(annotations.categoryId[index]);
    }
  }
  return categories.filter((category) => present.has(category.id));
}
