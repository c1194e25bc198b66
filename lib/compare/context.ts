import type { BenchOptions } from '../bench/harness.js';
import type { DatasetImage } from '../data/dataset.js';
import type { ModelOutputs } from '../detect/types.js';
import type { InputContract, ModelContract } from '../contract/types.js';
import type { DatasetFiles } from '../pipeline/evaluate.js';
import type { TimedOptions } from '../backends/tensorrt-toolkit.js';
import type { InputSet } from './samples.js';
import type { Tolerances } from './tensor-diff.js';

/** What every leg of one comparison shares. */
export interface CompareContext {
  onnx: string;
  modelSha256: string;
  dataset: DatasetFiles;
  /** The preset (or family) name of the reference's contract. */
  preset: string;
  /** The reference's resolved contract: every engine leg evaluates with exactly this one. */
  contract: ModelContract;
  /** The model input that the contract feeds (for INT8 calibration batches). */
  input: { name: string; spec: InputContract };
  /** The evaluated images (after --limit). */
  images: readonly DatasetImage[];
  limit?: number;
  batch?: number;
  threads?: number;
  scoreThreshold?: number;
  timing: BenchOptions & TimedOptions;
  /** --power: sample the input rail during each leg's measured runs. */
  power?: boolean;
  tolerances: Tolerances;
  /** Real inputs (batch 1) and the reference's outputs on them. */
  samples: InputSet[];
  referenceOutputs: ModelOutputs[];
  cacheDirectory: string;
  calibrationImages?: string[];
  log(line: string): void;
  onProgress?(leg: string, done: number, total: number): void;
}
