import type { InputTensor, TensorInfo } from '../backends/backend.js';
import { TrtmapError } from '../errors.js';

/**
 * Input tensors for a benchmark when no real image is given: every input of
 * the model at `batch` (default: the model's fixed batch, else 1), filled with values in [0, 1) from a fixed linear
 * congruential sequence (as trtexec fills inputs with random data; fixed so
 * two runs feed the same numbers). A dynamic dimension other than the batch
 * cannot be guessed and is an error.
 */
export function benchInputs(
  inputs: readonly TensorInfo[],
  batch: number | undefined,
): Record<string, InputTensor> {
  const tensors: Record<string, InputTensor> = {};
  let state = 0x2545f491;
  for (const input of inputs) {
    const dims = input.shape.map((dimension, axis) => {
      if (typeof dimension === 'number' && dimension > 0) {
        if (axis === 0 && batch !== undefined && batch !== dimension)
          throw fixedBatch(input, dimension);
        return dimension;
      }
      if (axis === 0) return batch ?? 1;
      throw new TrtmapError(
        'ERR_SHAPE',
        `input ${input.name} has a dynamic dimension ${axis} (${String(dimension)}); only the batch dimension may be dynamic for a benchmark`,
      );
    });
    const data = new Float32Array(dims.reduce((product, value) => product * value, 1));
    for (let i = 0; i < data.length; i++) {
      state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
      data[i] = state / 2 ** 32;
    }
    tensors[input.name] = { data, dims };
  }
  return tensors;
}

function fixedBatch(input: TensorInfo, dimension: number): TrtmapError {
  return new TrtmapError(
    'ERR_SHAPE',
    `input ${input.name} has a fixed batch of ${dimension}, so --batch cannot change it; use --batch ${dimension}`,
  );
}
