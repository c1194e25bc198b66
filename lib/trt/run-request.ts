/**
 * Turning ExecutionContext.run()'s arguments into the addon's run request,
 * checked against the engine's metadata first (names, shapes, buffer sizes),
 * so that mistakes come back as ERR_INVALID_ARGUMENT / ERR_SHAPE naming the
 * tensor. Pure: buffers are only read for `native` and `byteLength`.
 */
import { invalidArgument } from '../errors.js';
import type { NativeBuffer, NativeRunRequest } from '../native/types.js';
import { type EngineShapes, checkBufferSize, findTensor, resolveInputShape } from './tensors.js';

/** A HostBuffer or DeviceBuffer (lib/cuda). */
export interface TensorMemory {
  readonly native: NativeBuffer;
  readonly byteLength: number;
}

/** A buffer with where the tensor starts in it and, for inputs, this run's shape. */
export interface BoundTensor {
  buffer: TensorMemory;
  byteOffset?: number;
  /** Inputs with dynamic dimensions: the shape of this run. */
  shape?: readonly number[];
}

export type TensorBinding = TensorMemory | BoundTensor;

export type Transfer = 'auto' | 'copy' | 'direct';

export interface RunOptions {
  /** Measure H2D, compute and D2H with CUDA events (default false). */
  timings?: boolean;
  /** Capture the inference in a CUDA graph and replay it while addresses and shapes stay the same. */
  cudaGraph?: boolean;
  /**
   * 'auto' (default): host memory is copied on the context's stream; on an
   * integrated GPU (Jetson) with mapped HostBuffers, the first runs time
   * both copies and mapped memory handed to TensorRT, and the faster is kept
   * (mapped memory is uncached for the GPU below compute capability 7.2, the
   * Nano's 5.3 included). 'copy': always copy. 'direct': mapped memory
   * directly, also on a discrete GPU. Addresses TensorRT cannot take (not
   * 256-byte aligned) are always staged.
   */
  transfer?: Transfer;
}

const transfers: readonly Transfer[] = ['auto', 'copy', 'direct'];

function normalize(
  binding: unknown,
  name: string,
): Required<Omit<BoundTensor, 'shape'>> & { shape?: readonly number[] } {
  const bound = binding as Partial<BoundTensor> | null;
  // Typed arrays have a `buffer` too; they are not bindable.
  const isBound =
    bound !== null &&
    typeof bound === 'object' &&
    'buffer' in bound &&
    !('native' in bound) &&
    !ArrayBuffer.isView(bound);
  if (isBound) {
    const byteOffset = bound!.byteOffset ?? 0;
    if (
      !Number.isSafeInteger(byteOffset) ||
      byteOffset < 0 ||
      byteOffset > (bound.buffer?.byteLength ?? 0)
    ) {
      throw invalidArgument('a byte offset inside the buffer', `${name}.byteOffset`, byteOffset);
    }
    return { buffer: checkMemory(bound!.buffer, name), byteOffset, shape: bound!.shape };
  }
  return { buffer: checkMemory(binding, name), byteOffset: 0 };
}

function checkMemory(value: unknown, name: string): TensorMemory {
  const memory = value as Partial<TensorMemory> | null;
  if (
    memory === null ||
    typeof memory !== 'object' ||
    typeof memory.byteLength !== 'number' ||
    memory.native === undefined
  ) {
    throw invalidArgument('a HostBuffer or DeviceBuffer', name, value);
  }
  return memory as TensorMemory;
}

function checkRecord(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidArgument('an object of buffers by tensor name', name, value);
  }
  return value as Record<string, unknown>;
}

export function toNativeRunRequest(
  engine: EngineShapes,
  inputs: Readonly<Record<string, TensorBinding>>,
  outputs: Readonly<Record<string, TensorBinding>>,
  options: RunOptions = {},
): NativeRunRequest {
  const inputRecord = checkRecord(inputs, 'inputs');
  const outputRecord = checkRecord(outputs, 'outputs');
  for (const name of Object.keys(inputRecord)) findTensor(engine, name, 'input');
  const nativeInputs = engine.tensors
    .filter((tensor) => tensor.mode === 'input')
    .map((tensor) => {
      if (inputRecord[tensor.name] === undefined) {
        throw invalidArgument('a HostBuffer or DeviceBuffer', `inputs.${tensor.name}`, undefined);
      }
      const bound = normalize(inputRecord[tensor.name], `inputs.${tensor.name}`);
      const shape = resolveInputShape(tensor, engine, bound.shape);
      checkBufferSize(tensor, shape, bound.buffer.byteLength - bound.byteOffset);
      return {
        name: tensor.name,
        buffer: bound.buffer.native,
        shape,
        byteOffset: bound.byteOffset,
      };
    });
  const nativeOutputs = Object.entries(outputRecord).map(([name, binding]) => {
    const tensor = findTensor(engine, name, 'output');
    const bound = normalize(binding, `outputs.${name}`);
    checkBufferSize(tensor, tensor.shape, bound.buffer.byteLength - bound.byteOffset);
    return { name, buffer: bound.buffer.native, byteOffset: bound.byteOffset };
  });
  const transfer = options.transfer ?? 'auto';
  if (!transfers.includes(transfer))
    throw invalidArgument("'auto', 'copy' or 'direct'", 'transfer', transfer);
  for (const flag of ['timings', 'cudaGraph'] as const) {
    if (options[flag] !== undefined && typeof options[flag] !== 'boolean') {
      throw invalidArgument('a boolean', flag, options[flag]);
    }
  }
  return {
    inputs: nativeInputs,
    outputs: nativeOutputs,
    transfer,
    timings: options.timings ?? false,
    cudaGraph: options.cudaGraph ?? false,
  };
}
