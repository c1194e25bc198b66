import { TrtmapError, invalidArgument } from '../errors.js';
import { loadNative, withCallSite } from '../native/index.js';
import type {
  NativeEngineDescription,
  NativeLogMessage,
  NativeTrtEngine,
} from '../native/types.js';
import { validatePlugins } from './build-options.js';
import { ExecutionContext } from './context.js';
import { readEngineFile } from './engine-file.js';
import { type LayerPrecisions, summarizeLayerPrecisions } from './layer-precisions.js';
import { describePlanOrigin } from './plan-header.js';
import type { EngineShapes, TensorInfo } from './tensors.js';

export interface EngineDescription extends EngineShapes {
  tensors: readonly TensorInfo[];
  /** Device memory each execution context needs, in bytes. */
  deviceMemorySize: number;
  optimizationProfiles: number;
  layers: number;
  /** The TensorRT library that deserialized it. */
  tensorrtVersion: string;
}

export interface EngineLoadOptions {
  /**
   * Plugin libraries the engine's custom layers need (tensorrt_demos'
   * libyolo_layer.so, tensorrtx's libmyplugins.so, DeepStream-Yolo's
   * library), loaded with dlopen before deserializing, as trtexec's --plugins.
   */
  plugins?: readonly string[];
  /** The DLA core a DLA engine runs on (IRuntime::setDLACore); Ultralytics metadata's `dla` when absent. */
  dlaCore?: number;
  /** Allow the host code a version-compatible plan embeds (TensorRT 10+); only for plans you trust. */
  versionCompatible?: boolean;
}

export function toEngineDescription(native: NativeEngineDescription): EngineDescription {
  return {
    tensors: native.tensors.map((tensor) => ({ ...tensor })),
    implicitBatch: native.implicitBatch,
    maxBatchSize: native.maxBatchSize,
    deviceMemorySize: native.deviceMemorySize,
    optimizationProfiles: native.optimizationProfiles,
    layers: native.layers,
    tensorrtVersion: native.tensorrtVersion,
  };
}

function validateLoadOptions(
  options: EngineLoadOptions,
  metadata: Record<string, unknown> | undefined,
) {
  if (options === null || typeof options !== 'object')
    throw invalidArgument('an options object', 'options', options);
  const dla =
    options.dlaCore ?? (Number.isSafeInteger(metadata?.dla) ? (metadata!.dla as number) : -1);
  if (!Number.isSafeInteger(dla) || dla < -1)
    throw invalidArgument('a DLA core number (integer >= 0)', 'dlaCore', options.dlaCore);
  if (options.versionCompatible !== undefined && typeof options.versionCompatible !== 'boolean')
    throw invalidArgument('a boolean', 'versionCompatible', options.versionCompatible);
  return {
    plugins: validatePlugins(options.plugins),
    dlaCore: dla,
    versionCompatible: options.versionCompatible ?? false,
  };
}

/**
 * A TensorRT engine loaded from a file or from memory. An engine loads only
 * with the TensorRT version and GPU model it was built with (and the plugin
 * libraries it uses); anything else rejects with ERR_TRT_ENGINE saying why,
 * with the version that built it when the plan header tells.
 */
export class Engine {
  readonly description: EngineDescription;

  private constructor(
    /** @internal */ readonly native: NativeTrtEngine,
    /** What TensorRT logged (warnings and errors) while deserializing. */
    readonly log: readonly NativeLogMessage[],
    /** Ultralytics `.engine` metadata (names, imgsz, stride, task, ...), when the file had some. */
    readonly metadata: Record<string, unknown> | undefined,
  ) {
    this.description = toEngineDescription(native.description);
  }

  /**
   * Deserializes an engine (`.plan` / `.engine` / `.trt` file, or its
   * bytes); an Ultralytics metadata header is split off first.
   */
  static load(source: string | Uint8Array, options: EngineLoadOptions = {}): Promise<Engine> {
    return withCallSite(async () => {
      if (!(typeof source === 'string' && source !== '') && !(source instanceof Uint8Array)) {
        throw invalidArgument('an engine file path or a Uint8Array', 'source', source);
      }
      const file = typeof source === 'string' ? await readEngineFile(source) : { plan: source };
      const native = validateLoadOptions(options, file.metadata);
      try {
        const { engine, log } = await loadNative().loadEngine(file.plan, native);
        return new Engine(engine, log, file.metadata);
      } catch (error) {
        throw explainForeignPlan(error, file.plan);
      }
    });
  }

  get inputs(): readonly TensorInfo[] {
    return this.description.tensors.filter((tensor) => tensor.mode === 'input');
  }

  get outputs(): readonly TensorInfo[] {
    return this.description.tensors.filter((tensor) => tensor.mode === 'output');
  }

  /**
   * TensorRT's engine inspector report (parsed JSON), or null when it gives
   * none. Engines built with the default profiling verbosity list layer
   * names only; `trtmap build` asks for the detailed report.
   */
  layerInformation(): Promise<unknown> {
    return withCallSite(async () => {
      const text = await this.native.layerInformation();
      return text === '' ? null : (JSON.parse(text) as unknown);
    });
  }

  /** How many layers run in FP32, FP16, INT8 (from layerInformation()), or null when the report lacks types. */
  async layerPrecisions(): Promise<LayerPrecisions | null> {
    return summarizeLayerPrecisions(await this.layerInformation());
  }

  /** A new execution context (allocates deviceMemorySize bytes on the GPU). */
  createContext(): Promise<ExecutionContext> {
    return withCallSite(
      async () => new ExecutionContext(await this.native.createContext(), this.description),
    );
  }

  get disposed(): boolean {
    return this.native.disposed;
  }

  /** Lets go of the engine; contexts created from it keep it alive until they are disposed. */
  dispose(): Promise<void> {
    return this.native.dispose();
  }
}

/** A refused plan's error, with what its header says about who built it. */
function explainForeignPlan(error: unknown, plan: Uint8Array): unknown {
  if (!(error instanceof TrtmapError) || error.code !== 'ERR_TRT_ENGINE') return error;
  const loaded = /TensorRT (\d+\.\d+\.\d+) could not deserialize/.exec(error.message)?.[1];
  const origin = loaded === undefined ? '' : describePlanOrigin(plan, loaded);
  if (origin === '') return error;
  return new TrtmapError(
    'ERR_TRT_ENGINE',
    `${error.message.split('; an engine only loads')[0]}; ${origin}`,
    {
      cause: error,
    },
  );
}
