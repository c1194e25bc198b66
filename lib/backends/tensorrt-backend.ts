import { EngineRunner, type RunnerOptions } from '../trt/runner.js';
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
    const { outputs } = await this.runner.run(inputs);
    return outputs;
  }

  dispose(): Promise<void> {
    return this.runner.dispose();
  }
}

function asTensorInfo(tensor: EngineTensor): TensorInfo {
  return { name: tensor.name, shape: tensor.shape, type: tensor.dtype };
}
