import { invalidArgument } from '../errors.js';
import { HostBuffer } from '../cuda/host_buffer.js';
import { loadNative, withCallSite } from '../native/index.js';

/** An RGB image, 8 bits per channel, interleaved, rows top to bottom. */
export interface DecodedImage {
  pixels: HostBuffer;
  width: number;
  height: number;
  channels: 3;
}

export interface DecodeOptions {
  /** Decode into page-locked memory when a GPU is present (default true). */
  pinned?: boolean;
  /** Map that memory for the device (zero-copy on Jetson; default false). */
  mapped?: boolean;
}

/**
 * Decodes a JPEG or PNG file (path) or its bytes off the JavaScript thread.
 * Rejects with ERR_DECODE (naming the file) for corrupt, truncated or
 * non-image input, ERR_FILE_NOT_FOUND / ERR_IO when the file cannot be read.
 * A byte array must not be modified until the promise settles.
 */
export function decodeImage(
  source: string | Uint8Array,
  options: DecodeOptions = {},
): Promise<DecodedImage> {
  return withCallSite(async () => {
    let input: string | Buffer;
    if (typeof source === 'string' && source !== '') input = source;
    else if (source instanceof Uint8Array) {
      input = Buffer.isBuffer(source)
        ? source
        : Buffer.from(source.buffer, source.byteOffset, source.byteLength);
    } else throw invalidArgument('a file path or a Uint8Array', 'source', source);
    const decoded = await loadNative().decodeImage(
      input,
      options.pinned ?? true,
      options.mapped ?? false,
    );
    return {
      pixels: new HostBuffer(decoded.buffer),
      width: decoded.width,
      height: decoded.height,
      channels: 3,
    };
  });
}
