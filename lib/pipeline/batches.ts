import { TrtmapError } from '../errors.js';
import type { InputData, InputTensor, TensorInfo } from '../backends/backend.js';

/** The batch size to run and whether short batches must be padded to it. */
export interface BatchPlan {
  size: number;
  /** The model's batch dimension is fixed: a short last batch is padded with zeros. */
  padded: boolean;
}

/** Checks `--batch` against the model's batch dimension (fixed or dynamic). */
export function planBatches(input: TensorInfo, requested: number | undefined): BatchPlan {
  const dimension = input.shape[0];
  const fixed = typeof dimension === 'number' && dimension > 0 ? dimension : undefined;
  if (fixed === undefined) return { size: requested ?? 1, padded: false };
  if (requested !== undefined && requested !== fixed) {
    throw new TrtmapError(
      'ERR_SHAPE',
      `the model's input ${input.name} has a fixed batch of ${fixed}, so --batch ${requested} cannot run; export the model with a dynamic batch dimension or use --batch ${fixed}`,
    );
  }
  return { size: fixed, padded: true };
}

/** What a batch's shape and element type follow (the contract's input). */
export interface BatchSpec {
  width: number;
  height: number;
  channels?: 1 | 3;
  layout?: 'nchw' | 'nhwc';
  dtype?: 'float32' | 'float16' | 'uint8';
}

/** Copies per-image tensors into one batch tensor (zeros after the last image when padded). */
export function stackBatch(
  tensors: readonly InputData[],
  spec: BatchSpec,
  plan: BatchPlan,
): InputTensor {
  const channels = spec.channels ?? 3;
  const perImage = channels * spec.width * spec.height;
  const count = plan.padded ? plan.size : tensors.length;
  const dims =
    spec.layout === 'nhwc'
      ? [count, spec.height, spec.width, channels]
      : [count, channels, spec.height, spec.width];
  const type = spec.dtype ?? 'float32';
  if (count === 1) return { data: tensors[0], dims, type };
  const Type = tensors[0].constructor as new (length: number) => InputData;
  const data = new Type(count * perImage);
  tensors.forEach((tensor, index) => data.set(tensor, index * perImage));
  return { data, dims, type };
}
