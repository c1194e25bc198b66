import { performance } from 'node:perf_hooks';
import type { InputData } from '../backends/backend.js';
import type { InputContract } from '../contract/types.js';
import { HostBuffer } from '../cuda/host_buffer.js';
import type { InputPlacement } from '../detect/types.js';
import { decodeImage, preprocessOnCpu } from '../image/index.js';
import { TrtmapError } from '../errors.js';
import { type PreprocessSpec, normalizePreprocessSpec } from '../image/spec.js';

/** One image ready for the model: its slice of the input tensor and how it was placed there. */
export interface PreparedImage {
  /** float32 values, float16 bits (Uint16Array) or uint8 values, as the contract's input dtype says. */
  tensor: InputData;
  placement: InputPlacement;
  /** Wall time of decode + preprocess of this image (it ran off the JS thread, overlapped with others). */
  milliseconds: number; /** The decoder's warning: a damaged file decoded anyway (a truncated JPEG, as cv2.imread decodes it). */
  warning?: string;
}

/**
 * "Image file -> preprocessed tensor + placement". The native stage decodes
 * and preprocesses on the addon's worker threads; the tests plug in tensors
 * preprocessed elsewhere (the Python reference) through the same interface.
 */
export interface ImageStage {
  prepare(path: string): Promise<PreparedImage>;
}

/** The model contract's input as lib/image's PreprocessSpec: the fields map one to one. */
export function preprocessSpecOf(input: InputContract): PreprocessSpec {
  return {
    width: input.width,
    height: input.height,
    resize: input.resize,
    anchor: input.anchor,
    rounding: input.rounding,
    padValue: input.padValue,
    interpolation: input.interpolation,
    channels: input.channels,
    channelOrder: input.channelOrder,
    scale: input.scale,
    mean: input.mean,
    std: input.std,
    layout: input.layout,
    dtype: input.dtype,
  };
}

const elementBytes = { float32: 4, float16: 2, uint8: 1 } as const;

/**
 * The addon's JPEG/PNG decode and CPU preprocessing (OpenCV INTER_LINEAR,
 * darknet's resize or nearest; letterbox; normalization) for one image at a
 * time, copied out of native memory so the buffers are freed at once and
 * read-ahead memory stays bounded.
 */
export function nativeImageStage(input: InputContract): ImageStage {
  const spec = preprocessSpecOf(input);
  try {
    normalizePreprocessSpec(spec);
  } catch (error) {
    if (!(error instanceof TrtmapError)) throw error;
    throw new TrtmapError(
      error.code,
      `the model contract's input cannot be preprocessed (${error.message}); set another value (--resize, --rounding, --interpolation, --pad, or input.* in --model-config; --print-config shows the contract)`,
      { cause: error },
    );
  }
  const elements = input.width * input.height * input.channels;
  return {
    async prepare(path) {
      const started = performance.now();
      const image = await decodeImage(path, { pinned: false });
      try {
        // Pageable memory: this copy never goes to a GPU, and pinning per image is slow.
        const output = HostBuffer.allocate(elements * elementBytes[input.dtype], { pinned: false });
        const result = await preprocessOnCpu([image], spec, { output });
        try {
          const buffer = result.tensor.arrayBuffer;
          const at = result.byteOffset;
          const tensor: InputData =
            input.dtype === 'float32'
              ? new Float32Array(buffer, at, elements).slice()
              : input.dtype === 'float16'
                ? new Uint16Array(buffer, at, elements).slice()
                : new Uint8Array(buffer, at, elements).slice();
          return {
            tensor,
            placement: result.transforms[0],
            milliseconds: performance.now() - started,
            ...(image.warning !== undefined && { warning: image.warning }),
          };
        } finally {
          await result.tensor.dispose();
        }
      } finally {
        await image.pixels.dispose();
      }
    },
  };
}
