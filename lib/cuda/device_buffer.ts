import { invalidArgument } from '../errors.js';
import { loadNative } from '../native/index.js';
import type { NativeDeviceBuffer } from '../native/types.js';

/** GPU memory (cudaMalloc). Not tracked by the garbage collector: dispose() it. */
export class DeviceBuffer {
  /** @internal */
  readonly native: NativeDeviceBuffer;

  constructor(native: NativeDeviceBuffer) {
    this.native = native;
  }

  /** Throws ERR_NO_CUDA_DEVICE without a GPU. */
  static allocate(byteLength: number): DeviceBuffer {
    if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
      throw invalidArgument('a byte length (integer >= 0)', 'byteLength', byteLength);
    }
    return new DeviceBuffer(new (loadNative().DeviceBuffer)(byteLength));
  }

  get byteLength(): number {
    return this.native.byteLength;
  }
  get disposed(): boolean {
    return this.native.disposed;
  }

  /** Frees the memory once pending operations on it have ended. */
  dispose(): Promise<void> {
    return this.native.dispose();
  }
}
