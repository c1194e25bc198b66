import type { InputTensor } from '../backends/backend.js';
import { loadOnnxRuntime } from '../backends/onnxruntime.js';
import { TrtmapError } from '../errors.js';
import { makeValueInfo } from '../onnx/graph.js';
import { DataType, decodeModel, encodeModelProto, type ModelProto } from '../onnx/proto.js';

export type InputSet = Record<string, InputTensor>;

/** Calibration data: a fresh pass over the same inputs each time it is called. */
export type CalibrationFeed = () => AsyncIterable<InputSet> | Iterable<InputSet>;

/**
 * Runs the model on ONNX Runtime (CPU) with `tensors` added as graph
 * outputs (onnxruntime's calibrators `augment_graph` the same way) and hands
 * each batch's float32 values of those tensors to `visit`. `passes` repeats
 * the feed (histogram calibrators read the data twice). Returns the number
 * of batches of one pass. Throws ERR_INVALID_ARGUMENT on an empty feed.
 */
export async function collectActivations(
  model: ModelProto,
  tensors: readonly string[],
  feed: CalibrationFeed,
  visit: (pass: number, tensor: string, values: Float32Array, dims: readonly number[]) => void,
  options: {
    passes?: number;
    threads?: number;
    onBatch?: (pass: number, batch: number) => void;
  } = {},
): Promise<number> {
  const ort = await loadOnnxRuntime();
  const augmented = decodeModel(encodeModelProto(model));
  const graph = augmented.graph!;
  const outputs = new Set((graph.output ?? []).map((output) => output.name ?? ''));
  graph.output = [
    ...(graph.output ?? []),
    ...tensors
      .filter((name) => !outputs.has(name))
      .map((name) => makeValueInfo(name, DataType.FLOAT)),
  ];
  let session;
  try {
    session = await ort.InferenceSession.create(encodeModelProto(augmented), {
      executionProviders: ['cpu'],
      ...(options.threads ? { intraOpNumThreads: options.threads } : {}),
    });
  } catch (error) {
    throw new TrtmapError(
      'ERR_ONNX',
      `ONNX Runtime cannot load the model for calibration: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  let batches = 0;
  try {
    for (let pass = 0; pass < (options.passes ?? 1); pass++) {
      let count = 0;
      for await (const inputs of feed()) {
        const feeds: Record<string, InstanceType<typeof ort.Tensor>> = {};
        for (const [name, tensor] of Object.entries(inputs))
          feeds[name] = new ort.Tensor('float32', tensor.data, tensor.dims);
        const results = await session.run(feeds, [...tensors]);
        for (const name of tensors) {
          const result = results[name];
          if (result?.data instanceof Float32Array) visit(pass, name, result.data, result.dims);
        }
        for (const value of Object.values(results)) value.dispose?.();
        count++;
        options.onBatch?.(pass, count);
      }
      batches = count;
    }
  } finally {
    await session.release();
  }
  if (batches === 0) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      'calibration needs at least one image (--calib-images, --calib-count)',
    );
  }
  return batches;
}
