/**
 * Exactly what the native addon (binding/addon.cc) exports. Only lib/native
 * loads it; other modules use these types through lib/cuda and lib/image.
 */

export type HostMemoryKind = 'pageable' | 'pinned' | 'mapped';

export interface NativeHostBuffer {
  /** The memory itself (external, no copy); throws ERR_DISPOSED after dispose(). */
  readonly arrayBuffer: ArrayBuffer;
  readonly byteLength: number;
  readonly kind: HostMemoryKind;
  /** Why the memory is pageable although page-locked memory was asked for. */
  readonly fallbackReason: string | null;
  readonly disposed: boolean;
  /** Resolves once pending operations have ended and the memory is freed. */
  dispose(): Promise<void>;
}

export interface NativeDeviceBuffer {
  readonly byteLength: number;
  readonly disposed: boolean;
  dispose(): Promise<void>;
}

export type NativeBuffer = NativeHostBuffer | NativeDeviceBuffer;

export interface NativeStream {
  synchronize(): Promise<void>;
  copy(
    destination: NativeBuffer,
    source: NativeBuffer,
    destinationOffset: number,
    sourceOffset: number,
    byteLength: number,
    byKernel: boolean,
  ): Promise<void>;
  readonly disposed: boolean;
  dispose(): Promise<void>;
}

export interface NativeEvent {
  record(stream: NativeStream): void;
  synchronize(): Promise<void>;
  /** Milliseconds since `start`; both events must have completed. */
  elapsedSince(start: NativeEvent): number;
  readonly disposed: boolean;
  dispose(): Promise<void>;
}

export interface NativeBuildInfo {
  napiVersion: number;
  cuda: { compiled: boolean; version: string; architectures: string };
  tensorrtHeaders: { found: boolean; version?: string };
  jpeg: string;
  png: string;
  compiler: string;
  buildType: string;
}

export interface NativeDeviceInfo {
  index: number;
  name: string;
  computeCapability: string;
  totalMemory: number;
  multiprocessors: number;
  integrated: boolean;
  canMapHostMemory: boolean;
}

export interface NativeCudaInfo {
  compiledWithCuda: boolean;
  /** CUDA driver API version as an integer (12040 = 12.4); 0 without a driver. */
  driverVersion: number;
  runtimeVersion: number;
  devices: NativeDeviceInfo[];
  /** Why there are no devices (code ERR_NO_CUDA_DEVICE or ERR_CUDA), else null. */
  error: (Error & { code: string }) | null;
}

export interface NativeDecodedImage {
  buffer: NativeHostBuffer;
  width: number;
  height: number;
  channels: number;
}

/** A preprocessing spec with every field present (lib/image/spec.ts). */
export interface NativePreprocessSpec {
  width: number;
  height: number;
  resize: 'stretch' | 'letterbox';
  anchor: 'center' | 'top-left';
  padValue: number;
  interpolation: 'bilinear' | 'darknet' | 'nearest';
  channelOrder: 'rgb' | 'bgr';
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  layout: 'nchw' | 'nhwc';
  dtype: 'float32' | 'float16';
}

export interface NativeImageInput {
  buffer: NativeHostBuffer;
  width: number;
  height: number;
}

export interface NativePlacement {
  sourceWidth: number;
  sourceHeight: number;
  resizedWidth: number;
  resizedHeight: number;
  offsetX: number;
  offsetY: number;
}

export interface NativeAddon {
  HostBuffer: new (byteLength: number, pinned: boolean, mapped: boolean) => NativeHostBuffer;
  DeviceBuffer: new (byteLength: number) => NativeDeviceBuffer;
  Stream: new () => NativeStream;
  Event: new () => NativeEvent;
  setErrorFactory(factory: (code: string, message: string, file?: string) => Error): void;
  buildInfo(): NativeBuildInfo;
  queryCuda(): Promise<NativeCudaInfo>;
  deviceMemoryInfo(): Promise<{ free: number; total: number }>;
  decodeImage(
    source: string | Buffer,
    pinned: boolean,
    mapped: boolean,
  ): Promise<NativeDecodedImage>;
  preprocessCpu(
    images: NativeImageInput[],
    spec: NativePreprocessSpec,
    output: NativeHostBuffer,
    outputOffset: number,
  ): Promise<NativePlacement[]>;
  preprocessCuda(
    images: NativeImageInput[],
    spec: NativePreprocessSpec,
    output: NativeBuffer,
    outputOffset: number,
    stream: NativeStream,
    scratch: NativeDeviceBuffer | null,
  ): Promise<NativePlacement[]>;
}
