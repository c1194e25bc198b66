import { invalidArgument } from '../errors.js';
import { HostBuffer } from '../cuda/host_buffer.js';
import { loadNative, withCallSite } from '../native/index.js';

/** A decoded image, 8 bits per channel, interleaved (RGB, or one gray channel), rows top to bottom. */
export interface DecodedImage {
  pixels: HostBuffer;
  width: number;
  height: number;
  channels: 1 | 3;
  /** The EXIF orientation the file carried (1..8; 1 when none), already applied unless asked not to. */
  orientation?: number;
  /** Set when the file was damaged but decoded as cv2.imread decodes it (a truncated JPEG). */
  warning?: string;
}

export interface DecodeOptions {
  /** Decode into page-locked memory when a GPU is present (default true). */
  pinned?: boolean;
  /** Map that memory for the device (zero-copy on Jetson; default false). */
  mapped?: boolean;
  /**
   * 3 (default): RGB. 1: the image loaded as gray, as darknet's load_image
   * with c = 1 (stb_image) and cv2.imread(IMREAD_GRAYSCALE) load it: a YCbCr
   * or gray JPEG's own luma plane, any other image's RGB converted by
   * `grayConversion`.
   */
  channels?: 1 | 3;
  /**
   * RGB to gray where a conversion is needed: 'opencv' (default),
   * (9798 R + 19235 G + 3735 B + 2^14) >> 15, or 'darknet' (stb_image),
   * (77 R + 150 G + 29 B) >> 8.
   */
  grayConversion?: 'opencv' | 'darknet';
  /**
   * Apply the EXIF orientation of JPEGs and PNGs (default true), as
   * cv2.imread does unless given IMREAD_IGNORE_ORIENTATION.
   */
  applyOrientation?: boolean;
}

function checkOptions(options: DecodeOptions): void {
  if (options.channels !== undefined && options.channels !== 1 && options.channels !== 3) {
    throw invalidArgument('1 or 3', 'options.channels', options.channels);
  }
  const gray = options.grayConversion;
  if (gray !== undefined && gray !== 'opencv' && gray !== 'darknet') {
    throw invalidArgument("'opencv' or 'darknet'", 'options.grayConversion', gray);
  }
  const orientation = options.applyOrientation;
  if (orientation !== undefined && typeof orientation !== 'boolean') {
    throw invalidArgument('true or false', 'options.applyOrientation', orientation);
  }
}

/**
 * Decodes a JPEG or PNG file (path) or its bytes off the JavaScript thread,
 * to what cv2.imread returns (as RGB): CMYK and YCCK JPEGs converted as
 * OpenCV does, 16-bit PNGs reduced to their high byte, alpha dropped (palette
 * and tRNS included), EXIF orientation applied.
 * Rejects with ERR_DECODE (naming the file) for corrupt, truncated or
 * non-image input, and for WebP, GIF, BMP, TIFF, JPEG 2000 and HEIF/AVIF
 * files (named, with how to convert them); ERR_FILE_NOT_FOUND / ERR_IO when
 * the file cannot be read. A byte array must not be modified until the
 * promise settles.
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
    checkOptions(options);
    const decoded = await loadNative().decodeImage(
      input,
      options.pinned ?? true,
      options.mapped ?? false,
      {
        channels: options.channels ?? 3,
        grayConversion: options.grayConversion ?? 'opencv',
        applyOrientation: options.applyOrientation ?? true,
      },
    );
    return {
      pixels: new HostBuffer(decoded.buffer),
      width: decoded.width,
      height: decoded.height,
      channels: decoded.channels === 1 ? 1 : 3,
      orientation: decoded.orientation,
      ...(decoded.warning !== undefined && { warning: decoded.warning }),
    };
  });
}
