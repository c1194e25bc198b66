import { performance } from 'node:perf_hooks';
import { HostBuffer } from '../cuda/host_buffer.js';
import type { InputSpec } from '../detect/model.js';
import type { InputPlacement } from '../detect/types.js';
import { decodeImage, preprocessOnCpu, tensorView } from '../image/index.js';

/** One image ready for the model: its slice of the input tensor and how it was placed there. */
export interface PreparedImage {
  tensor: Float32Array;
  placement: InputPlacement;
  /** Wall time of decode + preprocess of this image (it ran off the JS thread, overlapped with others). */
  milliseconds: number;
}

/**
 * "Image file -> preprocessed tensor + placement". The native stage decodes
 * and preprocesses on the addon's worker threads; the tests plug in tensors
 * preprocessed elsewhere (the Python reference) through the same interface.
 */
export interface ImageStage {
  prepare(path: string): Promise<PreparedImage>;
}

/**
 * The addon's JPEG/PNG decode and CPU preprocessing (OpenCV INTER_LINEAR,
 * darknet's resize or nearest; letterbox; normalization) for one image at a
 * time, copied out of native memory so the buffers are freed at once and
 * read-ahead memory stays bounded.
 */
export function nativeImageStage(spec: InputSpec): ImageStage {
  const preprocessSpec = { ...spec, dtype: 'float32' as const };
  return {
    async prepare(path) {
      const started = performance.now();
      const image = await decodeImage(path, { pinned: false });
      try {
        // Pageable memory: this copy never goes to a GPU, and pinning per image is slow.
        const output = HostBuffer.allocate(spec.width * spec.height * 3 * 4, { pinned: false });
        const result = await preprocessOnCpu([image], preprocessSpec, { output });
        try {
          const tensor = Float32Array.from(tensorView(result) as Float32Array);
          return {
            tensor,
            placement: result.transforms[0],
            milliseconds: performance.now() - started,
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
