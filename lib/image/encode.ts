import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { TrtmapError, invalidArgument } from '../errors.js';
import { loadNative, withCallSite } from '../native/index.js';
import type { DecodedImage } from './decode.js';
import type { RasterImage } from './draw.js';

export type EncodedFormat = 'png' | 'jpeg';

export interface EncodeOptions {
  format: EncodedFormat;
  /** JPEG quality 1..100 (default 90). */
  quality?: number;
}

/** The pixels of a decoded image, for drawing (the same memory, not a copy). */
export function rasterOf(image: DecodedImage): RasterImage {
  return {
    data: image.pixels.bytes,
    width: image.width,
    height: image.height,
    channels: image.channels,
  };
}

function bufferOf(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * Encodes RGB or gray pixels to PNG (libpng) or JPEG (libjpeg-turbo, 4:2:0)
 * off the JavaScript thread. The pixels must not change until the promise
 * settles. Rejects with ERR_INVALID_ARGUMENT for a bad image or option.
 */
export function encodeImage(image: RasterImage, options: EncodeOptions): Promise<Buffer> {
  return withCallSite(async () => {
    if (options?.format !== 'png' && options?.format !== 'jpeg') {
      throw invalidArgument("'png' or 'jpeg'", 'options.format', options?.format);
    }
    const quality = options.quality ?? 90;
    if (!Number.isInteger(quality) || quality < 1 || quality > 100) {
      throw invalidArgument('an integer from 1 to 100', 'options.quality', quality);
    }
    const { data, width, height, channels } = image ?? ({} as RasterImage);
    if (!(data instanceof Uint8Array) || (channels !== 1 && channels !== 3)) {
      throw invalidArgument('{ data: Uint8Array, width, height, channels: 1 | 3 }', 'image', image);
    }
    return loadNative().encodeImage(
      bufferOf(data),
      width,
      height,
      channels,
      options.format,
      quality,
    );
  });
}

/** 'png' for .png, 'jpeg' for .jpg / .jpeg (any case). */
export function formatOfPath(file: string): EncodedFormat {
  const extension = path.extname(file).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.jpg' || extension === '.jpeg') return 'jpeg';
  throw invalidArgument('a file name ending in .png, .jpg or .jpeg', 'the output path', file);
}

/**
 * Encodes the image (format from the file's extension unless given) and
 * writes it. Rejects with ERR_INVALID_ARGUMENT for another extension, ERR_IO
 * naming the file when it cannot be written.
 */
export function saveImage(
  file: string,
  image: RasterImage,
  options: Partial<EncodeOptions> = {},
): Promise<void> {
  return withCallSite(async () => {
    const format = options.format ?? formatOfPath(file);
    const encoded = await encodeImage(image, { ...options, format });
    try {
      await writeFile(file, encoded);
    } catch (error) {
      throw new TrtmapError(
        'ERR_IO',
        `Cannot write ${file}: ${(error as Error).message}; check that its folder exists and is writable`,
        { file, cause: error },
      );
    }
  });
}
