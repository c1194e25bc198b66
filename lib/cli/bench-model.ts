import type { InputData, InputTensor, TensorInfo } from '../backends/backend.js';
import { benchInputs } from '../bench/inputs.js';
import { type ContractRequest, resolveInput } from '../contract/resolve.js';
import { floatToHalf } from '../trt/host-tensors.js';
import type { OptionSpecs } from './args.js';
import { contractOptions } from './model-options.js';

/** The contract flags that decide a benchmark's input (the image tensor's size, layout and type). */
export const benchContractOptions: OptionSpecs = Object.fromEntries(
  ['preset', 'model-config', 'print-config', 'input-size', 'layout'].map((name) => [
    name,
    contractOptions[name],
  ]),
);

/**
 * Benchmark inputs with the image input shaped and typed as the model
 * contract says (lib/contract: its size from the model, its metadata, the
 * config file or --input-size; float32, float16 or uint8), the same numbers
 * as trtmap's other benchmark inputs; other inputs as benchInputs makes them.
 */
export function contractBenchInputs(
  model: {
    path: string;
    inputs: readonly TensorInfo[];
    outputs: readonly TensorInfo[];
    metadata?: Record<string, unknown>;
  },
  batch: number | undefined,
  request: ContractRequest,
): Record<string, InputTensor> {
  const { input } = resolveInput(model, request);
  const tensor = model.inputs.find((each) => each.name === input.name)!;
  const first = tensor.shape[0];
  const fixed = typeof first === 'number' && first > 0 ? first : undefined;
  const rest = model.inputs.filter((each) => each !== tensor);
  const others = rest.length > 0 ? benchInputs(rest, batch) : {};
  const image =
    input.layout === 'nhwc'
      ? [input.height, input.width, input.channels]
      : [input.channels, input.height, input.width];
  // benchInputs checks --batch against a fixed batch; its values ([0, 1)) become the input's type.
  const [floats] = Object.values(benchInputs([{ ...tensor, shape: [first, ...image] }], batch));
  const dims = [fixed ?? batch ?? 1, ...image];
  const values = floats.data as Float32Array;
  const data: InputData =
    input.dtype === 'float16'
      ? Uint16Array.from(values, floatToHalf)
      : input.dtype === 'uint8'
        ? Uint8Array.from(values, (value) => Math.floor(value * 256))
        : values;
  return { ...others, [input.name]: { data, dims, type: input.dtype } };
}
