import { invalidArgument } from '../errors.js';
import { loadNative, withCallSite } from '../native/index.js';
import type {
  NativeEngineDescription,
  NativeLogMessage,
  NativeTrtEngine,
} from '../native/types.js';
import { ExecutionContext } from './context.js';
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

/**
 * A TensorRT engine loaded from a file or from memory. An engine loads only
 * with the TensorRT version and GPU model it was built with; anything else
 * rejects with ERR_TRT_ENGINE.
 */
export class Engine {
  readonly description: EngineDescription;

  private constructor(
    /** @internal */ readonly native: NativeTrtEngine,
    /** What TensorRT logged (warnings and errors) while deserializing. */
    readonly log: readonly NativeLogMessage[],
  ) {
    this.description = toEngineDescription(native.description);
  }

  /** Deserializes an engine (`.plan` / `.engine` file, or its bytes). */
  static load(source: string | Uint8Array): Promise<Engine> {
    return withCallSite(async () => {
      if (!(typeof source === 'string' && source !== '') && !(source instanceof Uint8Array)) {
        throw invalidArgument('an engine file path or a Uint8Array', 'source', source);
      }
      const { engine, log } = await loadNative().loadEngine(source);
      return new Engine(engine, log);
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
   * names only.
   */
  layerInformation(): Promise<unknown> {
    return withCallSite(async () => {
      const text = await this.native.layerInformation();
      return text === '' ? null : (JSON.parse(text) as unknown);
    });
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
