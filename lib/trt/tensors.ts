/**
 * Plain-data checks of tensors against an engine's metadata: shapes, dtypes,
 * byte lengths, binding names. No addon needed (unit-testable anywhere).
 */
import { TrtmapError, invalidArgument } from '../errors.js';

export interface TensorProfile {
  min: readonly number[];
  opt: readonly number[];
  max: readonly number[];
}

/** One input or output of an engine, as TensorRT describes it. */
export interface TensorInfo {
  name: string;
  mode: 'input' | 'output';
  /** 'float32', 'float16', 'int8', 'int32', 'bool', 'uint8', 'int64', ... */
  dtype: string;
  /** TensorRT's description of the memory layout, e.g. "Row major linear FP32". */
  format: string;
  /**
   * Vectorized formats (kCHW4, kCHW32, kHWC8, ...): the dimension packed and
   * the components per element; such tensors cannot be bound by trtmap
   * (engines it builds have linear I/O). Null or absent for linear formats.
   */
  vectorized?: { dimension: number; components: number } | null;
  /** 'host' for shape tensors, whose values TensorRT reads on the CPU. */
  location?: 'device' | 'host';
  /** -1 marks a dynamic dimension. */
  shape: readonly number[];
  /** Optimization profile 0 (inputs with dynamic dimensions only). */
  profile: TensorProfile | null;
}

/** The shape-relevant part of an engine's description. */
export interface EngineShapes {
  tensors: readonly TensorInfo[];
  /** UFF engines: the leading batch dimension runs from 1 to maxBatchSize. */
  implicitBatch: boolean;
  maxBatchSize: number;
}

const dtypeSizes: Record<string, number> = {
  float32: 4,
  float16: 2,
  bfloat16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
  fp8: 1,
  int32: 4,
  int64: 8,
};

/** Bytes per element; throws ERR_UNSUPPORTED for types trtmap cannot bind (int4, fp4). */
export function dtypeByteSize(dtype: string): number {
  const size = dtypeSizes[dtype];
  if (size === undefined) {
    throw new TrtmapError('ERR_UNSUPPORTED', `tensors of type ${dtype} cannot be bound by trtmap`);
  }
  return size;
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((count, extent) => count * extent, 1);
}

export function byteLengthOf(tensor: Pick<TensorInfo, 'dtype'>, shape: readonly number[]): number {
  return elementCount(shape) * dtypeByteSize(tensor.dtype);
}

export function isDynamic(shape: readonly number[]): boolean {
  return shape.some((extent) => extent < 0);
}

export const formatShape = (shape: readonly number[]): string =>
  `[${shape.map((extent) => (extent < 0 ? '?' : String(extent))).join(', ')}]`;

function shapeError(message: string): TrtmapError {
  return new TrtmapError('ERR_SHAPE', message);
}

/** Lower and upper bounds of each dimension a run may use. */
function bounds(tensor: TensorInfo, engine: EngineShapes): { min: number[]; max: number[] } {
  const min = [...tensor.shape];
  const max = [...tensor.shape];
  tensor.shape.forEach((extent, axis) => {
    if (extent >= 0) return;
    if (engine.implicitBatch && axis === 0) {
      min[axis] = 1;
      max[axis] = engine.maxBatchSize;
    } else {
      min[axis] = tensor.profile?.min[axis] ?? 1;
      max[axis] = tensor.profile?.max[axis] ?? Number.MAX_SAFE_INTEGER;
    }
  });
  return { min, max };
}

/**
 * The shape an input is run with: `given`, checked against the engine (rank,
 * fixed dimensions, the profile's range), or the engine's own shape when it
 * is static. Throws ERR_SHAPE.
 */
export function resolveInputShape(
  tensor: TensorInfo,
  engine: EngineShapes,
  given: readonly number[] | undefined,
): number[] {
  if (given === undefined) {
    if (!isDynamic(tensor.shape)) return [...tensor.shape];
    throw shapeError(
      `input ${tensor.name} has dynamic dimensions ${formatShape(tensor.shape)}: give its shape for this run`,
    );
  }
  if (
    !Array.isArray(given) ||
    given.some((extent) => !Number.isSafeInteger(extent) || extent < 0)
  ) {
    throw invalidArgument('an array of integers >= 0', `the shape of ${tensor.name}`, given);
  }
  if (given.length !== tensor.shape.length) {
    throw shapeError(
      `input ${tensor.name} has ${tensor.shape.length} dimensions ${formatShape(tensor.shape)} but the shape given has ${given.length}: ${formatShape(given)}`,
    );
  }
  const { min, max } = bounds(tensor, engine);
  given.forEach((extent, axis) => {
    if (extent < min[axis]! || extent > max[axis]!) {
      const allowed = min[axis] === max[axis] ? String(min[axis]) : `${min[axis]}..${max[axis]}`;
      throw shapeError(
        `input ${tensor.name}: dimension ${axis} is ${extent} in ${formatShape(given)} but the engine allows ${allowed} (engine shape ${formatShape(tensor.shape)})`,
      );
    }
  });
  return [...given];
}

/** The tensor named `name` of the given mode, or ERR_INVALID_ARGUMENT listing the ones there are. */
export function findTensor(
  engine: EngineShapes,
  name: string,
  mode: 'input' | 'output',
): TensorInfo {
  const tensor = engine.tensors.find(
    (candidate) => candidate.name === name && candidate.mode === mode,
  );
  if (tensor !== undefined) return tensor;
  const names = engine.tensors.filter((candidate) => candidate.mode === mode).map((t) => t.name);
  throw new TrtmapError(
    'ERR_INVALID_ARGUMENT',
    `the engine has no ${mode} named ${JSON.stringify(name)} (its ${mode}s: ${names.join(', ') || 'none'})`,
  );
}

/**
 * Checks a buffer of `available` bytes against a tensor of `shape`; an
 * output whose shape depends on the inputs is checked by the native side.
 */
export function checkBufferSize(
  tensor: TensorInfo,
  shape: readonly number[],
  available: number,
): void {
  if (isDynamic(shape)) return;
  const needed = byteLengthOf(tensor, shape);
  if (available < needed) {
    throw shapeError(
      `${tensor.mode} ${tensor.name} of shape ${formatShape(shape)} (${tensor.dtype}) needs ${needed} bytes but its buffer has ${available}`,
    );
  }
}

/**
 * The largest shape a tensor can take (for allocating its buffer once): the
 * profile's max for dynamic inputs, the maximum batch for UFF engines.
 * Outputs with dynamic dimensions other than the batch need a run to know.
 */
export function maxShape(tensor: TensorInfo, engine: EngineShapes): number[] {
  const { max } = bounds(tensor, engine);
  if (tensor.mode === 'output' && !engine.implicitBatch && tensor.shape[0] === -1) {
    // An output's batch follows the inputs' batch.
    const batches = engine.tensors.map((input) => input.profile?.max[0] ?? 0);
    max[0] = Math.max(1, ...batches);
  }
  return max;
}
