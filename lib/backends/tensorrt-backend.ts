import { TrtmapError } from '../errors.js';
import { halfToFloat } from '../trt/host-tensors.js';
import { EngineRunner, type RunnerOptions, type RunnerTensor } from '../trt/runner.js';
import type { TensorInfo as EngineTensor } from '../trt/tensors.js';
import type { ModelOutputs } from '../detect/types.js';
import type { Backend, InputTensor, TensorInfo } from './backend.js';

/**
 * A serialized TensorRT engine as a pipeline Backend: one execution context
 * and reused host buffers (mapped, so zero-copy, on an integrated GPU),
 * float16 tensors converted at the boundary.
 */
export class TensorRtBackend implements Backend {
  readonly name = 'tensorrt' as const;
  readonly inputs: readonly TensorInfo[];
  readonly outputs: readonly TensorInfo[];

  private constructor(
    private readonly runner: EngineRunner,
    readonly description: string,
  ) {
    this.inputs = runner.engine.inputs.map(asTensorInfo);
    this.outputs = runner.engine.outputs.map(asTensorInfo);
  }

  static async open(
    enginePath: string,
    description: string,
    options: RunnerOptions = {},
  ): Promise<TensorRtBackend> {
    return new TensorRtBackend(await EngineRunner.open(enginePath, options), description);
  }

  async run(inputs: Readonly<Record<string, InputTensor>>): Promise<ModelOutputs> {
    const { outputs } = await this.runner.run(runnerInputs(inputs));
    return outputs;
  }

  dispose(): Promise<void> {
    return this.runner.dispose();
  }
}

/**
 * The runner takes float32 (converted to an engine's float16 itself) and
 * int32: float16 bits from the preprocessing become floats again, exactly.
 */
function runnerInputs(inputs: Readonly<Record<string, InputTensor>>): Record<string, RunnerTensor> {
  const converted: Record<string, RunnerTensor> = {};
  for (const [name, tensor] of Object.entries(inputs))
    converted[name] = { data: floatInput(name, tensor), dims: tensor.dims };
  return converted;
}

/** An input tensor's values as float32 (float16 bits converted exactly); uint8 inputs are not supported on TensorRT yet. */
export function floatInput(name: string, tensor: InputTensor): Float32Array {
  if (tensor.data instanceof Float32Array) return tensor.data;
  if (tensor.type === 'float16' && tensor.data instanceof Uint16Array)
    return Float32Array.from(tensor.data, halfToFloat);
  throw new TrtmapError(
    'ERR_UNSUPPORTED',
    `input ${name}: the TensorRT backend does not take ${tensor.type ?? 'this'} input tensors yet`,
  );
}

function asTensorInfo(tensor: EngineTensor): TensorInfo {
  return { name: tensor.name, shape: tensor.shape, type: tensor.dtype };
}
