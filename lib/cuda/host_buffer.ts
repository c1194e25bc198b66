import { invalidArgument } from '../errors.js';
import { loadNative } from '../native/index.js';
import type { HostMemoryKind, NativeHostBuffer } from '../native/types.js';

export interface HostBufferOptions {
  /** Page-locked memory when a CUDA device is present (default true). */
  pinned?: boolean;
  /** Also map it into the device's address space (zero-copy; default false). */
  mapped?: boolean;
}

type TypedArrayConstructor<T> = {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * Host memory shared with native code without copies: page-locked where CUDA
 * has a device, ordinary memory otherwise (`pinned` says which). Views are
 * typed arrays over `arrayBuffer`; after dispose() they are detached (empty).
 */
export class HostBuffer {
  /** @internal */
  readonly native: NativeHostBuffer;

  constructor(native: NativeHostBuffer) {
    this.native = native;
  }

  static allocate(byteLength: number, options: HostBufferOptions = {}): HostBuffer {
    if (!Number.isSafeInteger(byteLength) || byteLength < 0) {
      throw invalidArgument('a byte length (integer >= 0)', 'byteLength', byteLength);
    }
    const addon = loadNative();
    return new HostBuffer(
      new addon.HostBuffer(byteLength, options.pinned ?? true, options.mapped ?? false),
    );
  }

  get arrayBuffer(): ArrayBuffer {
    return this.native.arrayBuffer;
  }
  get byteLength(): number {
    return this.native.byteLength;
  }
  get kind(): HostMemoryKind {
    return this.native.kind;
  }
  /** Page-locked (pinned or mapped) memory. */
  get pinned(): boolean {
    return this.native.kind !== 'pageable';
  }
  get mapped(): boolean {
    return this.native.kind === 'mapped';
  }
  /** Why the memory is pageable although pinned memory was asked for. */
  get fallbackReason(): string | null {
    return this.native.fallbackReason;
  }
  get disposed(): boolean {
    return this.native.disposed;
  }

  /** A typed-array view of the whole buffer (or of a part), without copying. */
  view<T>(type: TypedArrayConstructor<T>, byteOffset = 0, length?: number): T {
    const count = length ?? Math.floor((this.byteLength - byteOffset) / type.BYTES_PER_ELEMENT);
    return new type(this.arrayBuffer, byteOffset, count);
  }

  get bytes(): Uint8Array {
    return this.view(Uint8Array);
  }

  /** Frees the memory once pending native work has ended; views become empty. */
  dispose(): Promise<void> {
    return this.native.dispose();
  }
}
