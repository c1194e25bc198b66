import type { Backend, InputTensor } from '../backends/backend.js';
import { benchmark, type BenchOptions, type BenchResult } from '../bench/harness.js';
import type { EngineToolkit, TimedOptions } from '../backends/tensorrt-toolkit.js';

/** The batch of a set of input tensors: the first dimension of the first input. */
export function batchOf(inputs: Readonly<Record<string, InputTensor>>): number {
  return Object.values(inputs)[0]?.dims[0] ?? 1;
}

/**
 * ONNX Runtime (or any Backend) timed as trtexec times an engine, except that
 * there are no device timings: each run's latency is its host wall time,
 * from `run()` called to its outputs back in JavaScript.
 */
export function benchmarkBackend(
  backend: Backend,
  inputs: Record<string, InputTensor>,
  options: BenchOptions,
): Promise<BenchResult> {
  return benchmark(
    async () => {
      await backend.run(inputs);
    },
    { ...options, batchSize: batchOf(inputs) },
  );
}

/** A TensorRT engine timed with CUDA events per run (H2D, compute, D2H, enqueue). */
export async function benchmarkEngine(
  toolkit: EngineToolkit,
  enginePath: string,
  inputs: Record<string, InputTensor>,
  options: BenchOptions & TimedOptions,
): Promise<BenchResult> {
  const runner = await toolkit.openTimed(enginePath, inputs, options);
  try {
    return await benchmark(() => runner.run(), { ...options, batchSize: batchOf(inputs) });
  } finally {
    await runner.dispose();
  }
}
