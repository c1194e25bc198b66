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

/** The pool of freed page-locked blocks (src/cuda/pinned_pool.h). */
export interface NativePinnedPoolStats {
  cachedBytes: number;
  /** TRTMAP_PINNED_POOL_MB, default 128 MiB; 0 turns the pool off. */
  budgetBytes: number;
  /** Page-locked allocations served from the pool, and by cudaHostAlloc. */
  hits: number;
  misses: number;
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
  orientation: number;
  /** Set when the decoder recovered from damage (a truncated JPEG decoded as far as its data goes). */
  warning?: string;
}

export interface NativeDecodeOptions {
  channels: 1 | 3;
  grayConversion: 'opencv' | 'darknet';
  applyOrientation: boolean;
}

/** A preprocessing spec with every field present (lib/image/spec.ts). */
export interface NativePreprocessSpec {
  width: number;
  height: number;
  resize: 'stretch' | 'letterbox' | 'keep-ratio';
  anchor: 'center' | 'top-left';
  rounding: 'half-even' | 'floor' | 'ceil' | 'integer' | 'none';
  scaleUp: boolean;
  padValue: number;
  interpolation: 'bilinear' | 'darknet' | 'nearest' | 'area';
  channels: 1 | 3;
  grayConversion: 'opencv' | 'darknet';
  channelOrder: 'rgb' | 'bgr';
  scale: number;
  mean: [number, number, number];
  std: [number, number, number];
  layout: 'nchw' | 'nhwc';
  dtype: 'float32' | 'float16' | 'uint8';
}

export interface NativeImageInput {
  buffer: NativeHostBuffer;
  width: number;
  height: number;
  /** Default 3 (RGB). */
  channels?: 1 | 3;
}

export interface NativePlacement {
  sourceWidth: number;
  sourceHeight: number;
  resizedWidth: number;
  resizedHeight: number;
  offsetX: number;
  offsetY: number;
  /** The ratio r a letterbox / keep-ratio placement scaled by. */
  ratio: number;
  /** The resampling this image got ('area' becomes 'bilinear' when enlarging). */
  sampler: 'bilinear' | 'darknet' | 'nearest' | 'area' | 'warp';
}

/** TensorRT's log severities, most severe first. */
export type TrtSeverity = 'internal-error' | 'error' | 'warning' | 'info' | 'verbose';

export interface NativeTensorRtStatus {
  /** Built with TensorRT headers. */
  compiled: boolean;
  compiledVersion: string | null;
  /** libnvinfer opened and its version accepted. */
  loaded: boolean;
  loadedVersion: string | null;
  /** The libraries opened, or the one looked for. */
  libraries: string[];
  /** ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION, else null. */
  error: (Error & { code: string }) | null;
  /** Compiled with NvUffParser.h (TensorRT 8). */
  uffParser?: boolean;
  /** '' when builds can find libnvinfer_builder_resource; else what to do. */
  builderResourceHint?: string;
}

export interface NativeTensorDescription {
  name: string;
  mode: 'input' | 'output';
  dtype: string;
  format: string;
  /** Vectorized formats (kCHW32, kHWC8, ...): the packed dimension and components per element. */
  vectorized: { dimension: number; components: number } | null;
  /** 'host' for shape tensors TensorRT reads on the CPU. */
  location: 'device' | 'host';
  /** -1 for a dynamic dimension. */
  shape: number[];
  /** Optimization profile 0, for inputs with dynamic dimensions. */
  profile: { min: number[]; opt: number[]; max: number[] } | null;
}

export interface NativeEngineDescription {
  tensors: NativeTensorDescription[];
  deviceMemorySize: number;
  optimizationProfiles: number;
  layers: number;
  /** UFF engines (TensorRT 8): the batch is not part of the engine's shapes. */
  implicitBatch: boolean;
  maxBatchSize: number;
  tensorrtVersion: string;
}

export interface NativeLogMessage {
  severity: TrtSeverity;
  message: string;
}

export interface NativeRunInput {
  name: string;
  buffer: NativeBuffer;
  shape: number[];
  byteOffset: number;
}

export interface NativeRunOutput {
  name: string;
  buffer: NativeBuffer;
  byteOffset: number;
}

export interface NativeRunRequest {
  inputs: NativeRunInput[];
  outputs: NativeRunOutput[];
  transfer: 'auto' | 'copy' | 'direct';
  timings: boolean;
  cudaGraph: boolean;
}

export interface NativeRunTimings {
  hostToDeviceMs: number;
  computeMs: number;
  deviceToHostMs: number;
  graphReplayed: boolean;
}

export interface NativeRunResult {
  outputs: { name: string; shape: number[] }[];
  timings: NativeRunTimings | null;
  /** How host memory moved: copies on the stream, mapped memory directly, or none (device buffers). */
  transfer: { used: 'copy' | 'direct' | 'none'; reason: string };
  /** What TensorRT logged (warnings and errors) during the run. */
  log: NativeLogMessage[];
}

/** What the native side understood of a run request (inspectRunRequest). */
export interface NativeInspectedRunRequest {
  inputs: {
    name: string;
    shape: number[];
    byteLength: number;
    memory: 'host' | 'device';
    mapped: boolean;
  }[];
  outputs: { name: string; byteLength: number; memory: 'host' | 'device'; mapped: boolean }[];
  transfer: 'auto' | 'copy' | 'direct';
  timings: boolean;
  cudaGraph: boolean;
}

export interface NativeTrtContext {
  run(request: NativeRunRequest): Promise<NativeRunResult>;
  readonly disposed: boolean;
  dispose(): Promise<void>;
}

export interface NativeTrtEngine {
  readonly description: NativeEngineDescription;
  /** The engine inspector's JSON report. */
  layerInformation(): Promise<string>;
  createContext(): Promise<NativeTrtContext>;
  readonly disposed: boolean;
  dispose(): Promise<void>;
}

export interface NativeLoadOptions {
  /** Plugin libraries to dlopen before deserializing. */
  plugins: string[];
  /** DLA core of a DLA engine (IRuntime::setDLACore), -1: none. */
  dlaCore: number;
  /** Allow the host code of a version-compatible plan. */
  versionCompatible: boolean;
}

/** Every field present (lib/trt/build-options.ts fills the defaults). */
export interface NativeBuildOptions {
  modelPath: string;
  modelFormat: 'onnx' | 'uff';
  outputPath: string;
  uffInput: string;
  uffInputDims: number[];
  uffInputOrder: 'nchw' | 'nhwc';
  uffOutputs: string[];
  maxBatchSize: number;
  precision: 'fp32' | 'fp16' | 'int8' | 'best';
  stronglyTyped: boolean;
  allowTf32: boolean;
  versionCompatible: boolean;
  /** Concurrent execution contexts (TensorRT 8: one optimization profile each). */
  contexts: number;
  plugins: string[];
  /** 0: trtmap's default (256 MiB where TensorRT's is none, < 8.4), else TensorRT's. */
  workspaceBytes: number;
  /** '' for none. */
  timingCachePath: string;
  /** -1: the GPU. */
  dlaCore: number;
  gpuFallback: boolean;
  profiles: { input: string; min: number[]; opt: number[]; max: number[] }[];
  batch: { min: number; opt: number; max: number } | null;
  /** Calibration batches come through onEvent. */
  calibration: boolean;
  /** '' for none. */
  calibrationCachePath: string;
  logLevel: TrtSeverity;
}

export type NativeBuildEvent =
  | { type: 'log'; severity: TrtSeverity; message: string }
  | { type: 'progress'; phase: string; step: number; steps: number }
  | {
      type: 'calibration';
      index: number;
      names: string[];
      shapes: number[][];
      /** Each input's element type: what is written into its buffer. */
      dtypes: string[];
      /** The same buffers for every batch, to be filled before respond(true). */
      buffers: NativeHostBuffer[];
    };

/** respond(true): filled; respond(false): no more data; respond(error): failed. */
export type NativeCalibrationResponder = (answer: boolean | Error) => void;

export interface NativeBuildResult {
  outputPath: string;
  engineBytes: number;
  calibrationBatches: number;
  tensorrtVersion: string;
  /** The workspace limit set, bytes; 0: TensorRT's default. */
  workspaceBytes: number;
  stronglyTyped: boolean;
  tf32: boolean;
  fastFp16: boolean;
  fastInt8: boolean;
  optimizationProfiles: number;
  /** The engine inspector's JSON of the built engine, '' when unavailable. */
  layerInformation: string;
  warnings: string[];
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
  pinnedPoolStats(): NativePinnedPoolStats;
  decodeImage(
    source: string | Buffer,
    pinned: boolean,
    mapped: boolean,
    options?: NativeDecodeOptions,
  ): Promise<NativeDecodedImage>;
  encodeImage(
    pixels: Buffer,
    width: number,
    height: number,
    channels: 1 | 3,
    format: 'png' | 'jpeg',
    quality: number,
  ): Promise<Buffer>;
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
  tensorrtStatus(): Promise<NativeTensorRtStatus>;
  buildEngine(
    options: NativeBuildOptions,
    onEvent: (event: NativeBuildEvent, respond?: NativeCalibrationResponder) => void,
  ): Promise<NativeBuildResult>;
  loadEngine(
    source: string | Uint8Array,
    options: NativeLoadOptions,
  ): Promise<{ engine: NativeTrtEngine; log: NativeLogMessage[] }>;
  inspectRunRequest(request: NativeRunRequest): NativeInspectedRunRequest;
}
