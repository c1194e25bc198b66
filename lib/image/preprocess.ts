import { TrtmapError, invalidArgument } from '../errors.js';
import { DeviceBuffer } from '../cuda/device_buffer.js';
import { HostBuffer } from '../cuda/host_buffer.js';
import { Stream } from '../cuda/stream.js';
import { loadNative, withCallSite } from '../native/index.js';
import type { NativeImageInput, NativePlacement } from '../native/types.js';
import type { DecodedImage } from './decode.js';
import {
  type NormalizedPreprocessSpec,
  type PreprocessSpec,
  imageTensorBytes,
  normalizePreprocessSpec,
  tensorShape,
} from './spec.js';
import {
  type BoxTransform,
  type ImagePlacement,
  placementFromNative,
  transformFromPlacement,
} from './transform.js';

export interface PreprocessResult<TBuffer> {
  /** The batch, images one after another in `shape` order. */
  tensor: TBuffer;
  /** Byte offset of the batch in `tensor` (the outputOffset asked for). */
  byteOffset: number;
  shape: number[];
  dtype: 'float32' | 'float16' | 'uint8';
  /** One per image, to map boxes back to source pixels. */
  transforms: BoxTransform[];
  /** One per image: the resized size, offsets, ratio and resampling it got. */
  placements: ImagePlacement[];
}

function inputsOf(images: readonly DecodedImage[]): NativeImageInput[] {
  if (!Array.isArray(images) || images.length === 0) {
    throw invalidArgument('a non-empty array of decoded images', 'images', images);
  }
  return images.map((image) => ({
    buffer: image.pixels.native,
    width: image.width,
    height: image.height,
    channels: image.channels === 1 ? 1 : 3,
  }));
}

/**
 * The CPU reference: a batch of decoded images into one model input tensor
 * in host memory (a new pinned HostBuffer unless `output` is given).
 */
export function preprocessOnCpu(
  images: readonly DecodedImage[],
  spec: PreprocessSpec,
  options: { output?: HostBuffer; outputOffset?: number } = {},
): Promise<PreprocessResult<HostBuffer>> {
  return withCallSite(async () => {
    const normalized = normalizePreprocessSpec(spec);
    const inputs = inputsOf(images);
    const output =
      options.output ?? HostBuffer.allocate(imageTensorBytes(normalized) * inputs.length);
    const outputOffset = options.outputOffset ?? 0;
    const placements = await loadNative().preprocessCpu(
      inputs,
      normalized,
      output.native,
      outputOffset,
    );
    return result(output, outputOffset, normalized, placements);
  });
}

function result<TBuffer>(
  tensor: TBuffer,
  byteOffset: number,
  spec: NormalizedPreprocessSpec,
  native: NativePlacement[],
): PreprocessResult<TBuffer> {
  const placements = native.map(placementFromNative);
  return {
    tensor,
    byteOffset,
    shape: tensorShape(spec, placements.length),
    dtype: spec.dtype,
    transforms: placements.map((placement) => transformFromPlacement(placement, spec.resize)),
    placements,
  };
}

/**
 * The same preprocessing on the GPU: each image is uploaded once (or read in
 * place from mapped memory) and the kernel writes the model input on the
 * device. Owns a stream and a scratch buffer that grows as needed.
 */
export class CudaPreprocessor {
  readonly spec: NormalizedPreprocessSpec;
  readonly stream: Stream;
  private scratch: DeviceBuffer | undefined;
  private readonly ownsStream: boolean;

  constructor(spec: PreprocessSpec, options: { stream?: Stream } = {}) {
    this.spec = normalizePreprocessSpec(spec);
    this.ownsStream = options.stream === undefined;
    this.stream = options.stream ?? new Stream();
  }

  run(
    images: readonly DecodedImage[],
    options: { output?: DeviceBuffer; outputOffset?: number } = {},
  ): Promise<PreprocessResult<DeviceBuffer>> {
    return withCallSite(async () => {
      const inputs = inputsOf(images);
      const output =
        options.output ?? DeviceBuffer.allocate(imageTensorBytes(this.spec) * inputs.length);
      const outputOffset = options.outputOffset ?? 0;
      const scratch = this.scratchFor(images);
      const placements = await loadNative().preprocessCuda(
        inputs,
        this.spec,
        output.native,
        outputOffset,
        this.stream.native,
        scratch?.native ?? null,
      );
      return result(output, outputOffset, this.spec, placements);
    });
  }

  private scratchFor(images: readonly DecodedImage[]): DeviceBuffer | undefined {
    // The addon stages each non-mapped image at a 256-byte aligned offset.
    const needed = images
      .filter((image) => !image.pixels.mapped)
      .reduce(
        (total, image) =>
          total + Math.ceil((image.width * image.height * image.channels) / 256) * 256,
        0,
      );
    if (needed === 0) return undefined;
    if (this.scratch === undefined || this.scratch.byteLength < needed) {
      // The old buffer is freed once runs still using it have ended.
      void this.scratch?.dispose();
      this.scratch = DeviceBuffer.allocate(needed);
    }
    return this.scratch;
  }

  /** Frees the scratch buffer (and the stream, unless it was given). */
  async dispose(): Promise<void> {
    await this.scratch?.dispose();
    this.scratch = undefined;
    if (this.ownsStream) await this.stream.dispose();
  }
}

/**
 * A typed view of a host tensor: Float32Array, Uint16Array of float16 bits,
 * or Uint8Array.
 */
export function tensorView(
  result: PreprocessResult<HostBuffer>,
): Float32Array | Uint16Array | Uint8Array {
  const count = result.shape.reduce((product, size) => product * size, 1);
  if (result.dtype === 'uint8') return result.tensor.view(Uint8Array, result.byteOffset, count);
  if (result.dtype === 'float16') return result.tensor.view(Uint16Array, result.byteOffset, count);
  if (result.dtype === 'float32') return result.tensor.view(Float32Array, result.byteOffset, count);
  throw new TrtmapError('ERR_INTERNAL', `unknown dtype ${String(result.dtype)}`);
}
