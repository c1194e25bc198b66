import type { Backend, InputTensor } from '../backends/backend.js';
import type { DatasetImage } from '../data/dataset.js';
import type { ModelOutput, ModelOutputs } from '../detect/types.js';
import type { BoundModel } from '../contract/bind.js';
import { stackBatch } from '../pipeline/batches.js';
import { nativeImageStage } from '../pipeline/image-stage.js';

export type InputSet = Record<string, InputTensor>;

/**
 * Real inputs for the tensor diffs and the benchmark: dataset images
 * decoded and preprocessed exactly as the evaluation does, one per set
 * (batch 1), so every leg sees the same tensors.
 */
export async function sampleInputs(
  images: readonly DatasetImage[],
  model: BoundModel,
  count: number,
): Promise<InputSet[]> {
  const stage = nativeImageStage(model.input);
  const sets: InputSet[] = [];
  for (const image of images.slice(0, count)) {
    const prepared = await stage.prepare(image.path);
    const one = { size: 1, padded: false };
    sets.push({ [model.inputName]: stackBatch([prepared.tensor], model.input, one) });
  }
  return sets;
}

/** One sample repeated to a batch (for a benchmark at --batch n). */
export function repeatToBatch(sample: InputSet, batch: number): InputSet {
  if (batch === 1) return sample;
  const repeated: InputSet = {};
  for (const [name, tensor] of Object.entries(sample)) {
    const Type = tensor.data.constructor as new (length: number) => typeof tensor.data;
    const data = new Type(tensor.data.length * batch);
    for (let index = 0; index < batch; index++) data.set(tensor.data, index * tensor.data.length);
    repeated[name] = { ...tensor, data, dims: [batch, ...tensor.dims.slice(1)] };
  }
  return repeated;
}

/** Outputs copied out of the backend, since a zero-copy backend may reuse its buffers between runs. */
export async function runSamples(
  backend: Backend,
  samples: readonly InputSet[],
): Promise<ModelOutputs[]> {
  const outputs: ModelOutputs[] = [];
  for (const sample of samples) {
    const result = await backend.run(sample);
    const copy: Record<string, ModelOutput> = {};
    for (const [name, output] of Object.entries(result))
      copy[name] = { data: output.data.slice(), dims: [...output.dims] };
    outputs.push(copy);
  }
  return outputs;
}
