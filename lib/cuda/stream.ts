import { invalidArgument } from '../errors.js';
import { loadNative, withCallSite } from '../native/index.js';
import type { NativeEvent, NativeStream } from '../native/types.js';
import { DeviceBuffer } from './device_buffer.js';
import { HostBuffer } from './host_buffer.js';

export type Buffer = HostBuffer | DeviceBuffer;

export interface CopyOptions {
  destinationOffset?: number;
  sourceOffset?: number;
  /** Default: all of the source after sourceOffset. */
  byteLength?: number;
  /**
   * 'engine' (default): cudaMemcpyAsync. 'kernel': GPU threads read through
   * the pointers - how mapped host memory is used without a copy.
   */
  method?: 'engine' | 'kernel';
}

/** A CUDA stream; every operation returns a promise settled when the GPU is done. */
export class Stream {
  /** @internal */
  readonly native: NativeStream;

  constructor() {
    this.native = new (loadNative().Stream)();
  }

  /** Copies between host and device buffers in any direction. */
  copy(destination: Buffer, source: Buffer, options: CopyOptions = {}): Promise<void> {
    return withCallSite(async () => {
      const sourceOffset = options.sourceOffset ?? 0;
      const byteLength = options.byteLength ?? source.byteLength - sourceOffset;
      const method = options.method ?? 'engine';
      if (method !== 'engine' && method !== 'kernel') {
        throw invalidArgument("'engine' or 'kernel'", 'method', method);
      }
      return this.native.copy(
        destination.native,
        source.native,
        options.destinationOffset ?? 0,
        sourceOffset,
        byteLength,
        method === 'kernel',
      );
    });
  }

  synchronize(): Promise<void> {
    return withCallSite(() => this.native.synchronize());
  }

  get disposed(): boolean {
    return this.native.disposed;
  }

  /** Destroys the stream once operations in flight have ended. */
  dispose(): Promise<void> {
    return this.native.dispose();
  }
}

/** A CUDA event, for timing GPU work. */
export class CudaEvent {
  /** @internal */
  readonly native: NativeEvent;

  constructor() {
    this.native = new (loadNative().Event)();
  }

  record(stream: Stream): void {
    this.native.record(stream.native);
  }

  synchronize(): Promise<void> {
    return withCallSite(() => this.native.synchronize());
  }

  /** Milliseconds from `start` to this event (both completed). */
  elapsedSince(start: CudaEvent): number {
    return this.native.elapsedSince(start.native);
  }

  dispose(): Promise<void> {
    return this.native.dispose();
  }
}
