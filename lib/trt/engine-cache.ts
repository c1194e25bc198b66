import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

/** The precisions an engine cache holds (BuildOptions' 'best' is not cached). */
export type Precision = 'fp32' | 'fp16' | 'int8';
export const precisionNames: readonly Precision[] = ['fp32', 'fp16', 'int8'];

/**
 * One calibration batch by input name: values as the pipeline prepares them
 * (lib/backends' InputTensor: float32, float16 bits in a Uint16Array, or
 * uint8) and their dimensions; the TensorRT toolkit turns them into the
 * float32 tensors the calibrator reads.
 */
export type CalibrationBatch = Record<
  string,
  {
    data: Float32Array | Uint16Array | Uint8Array;
    dims: readonly number[];
    type?: 'float32' | 'float16' | 'uint8';
  }
>;

/** What an engine build for the cache needs (lib/backends' TensorRT toolkit builds it). */
export interface EngineBuildRequest {
  onnx: string;
  /** Where the serialized engine goes. */
  output: string;
  precision: Precision;
  /** Largest batch the engine must run (a profile 1..batch for a dynamic first dimension). */
  batch?: number;
  /** INT8 only: preprocessed batches for the entropy calibrator, and its cache file. */
  calibration?: { batches: () => AsyncIterable<CalibrationBatch>; cache: string };
  /** Plugin libraries the model's custom layers need. */
  plugins?: readonly string[];
  /** A strongly typed build: the precision comes from the model (TensorRT 10; always on 11). */
  stronglyTyped?: boolean;
}

/** Whatever builds engines for the cache. */
export interface EngineBuilder {
  build(request: EngineBuildRequest): Promise<unknown>;
}

/**
 * What makes an engine reusable: the same model bytes, precision and batch,
 * built by the same TensorRT version for the same GPU (a plan from another
 * version or GPU does not deserialize, or runs tactics tuned for another chip).
 */
export interface EngineKey {
  modelSha256: string;
  precision: Precision;
  batch: number;
  tensorRtVersion: string;
  gpuName: string;
  /** INT8: a digest of the calibration images, since they change the scales. */
  calibrationSha256?: string;
}

/** $TRTMAP_CACHE_DIR, else $XDG_CACHE_HOME/trtmap/engines, else ~/.cache/trtmap/engines. */
export function defaultEngineCacheDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.TRTMAP_CACHE_DIR) return env.TRTMAP_CACHE_DIR;
  const base = env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(base, 'trtmap', 'engines');
}

/** A file name that names every part of the key, readable in `ls`. */
export function engineFileName(key: EngineKey): string {
  const slug = (text: string) =>
    text
      .toLowerCase()
      .replace(/[^a-z0-9.]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const calibration = key.calibrationSha256 ? `-calib${key.calibrationSha256.slice(0, 12)}` : '';
  return `${key.modelSha256.slice(0, 16)}-${key.precision}-b${key.batch}${calibration}-trt${slug(key.tensorRtVersion)}-${slug(key.gpuName)}.plan`;
}

export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export interface CachedEngine {
  path: string;
  /** true: found in the cache; false: built now (`buildSeconds`). */
  cached: boolean;
  buildSeconds?: number;
  /** Built now: what the build warned about (no fast INT8 on this GPU, FP16 asked for but not obtained, ...). */
  warnings?: string[];
}

/**
 * The engine for `key`, built on a miss. The build writes to a temporary
 * name and renames, so an interrupted build never leaves a truncated plan
 * that a later run would take for a cache hit.
 */
export async function cachedEngine(
  toolkit: EngineBuilder,
  key: EngineKey,
  /** `precision`: the builder's, when it differs from the key's (a strongly typed build: 'fp32'). */
  request: Omit<EngineBuildRequest, 'output' | 'precision'> & { precision?: Precision },
  directory: string,
): Promise<CachedEngine> {
  const file = path.join(directory, engineFileName(key));
  if (existsSync(file)) return { path: file, cached: true };
  mkdirSync(directory, { recursive: true });
  const partial = `${file}.${process.pid}.partial`;
  const started = performance.now();
  let warnings: string[] | undefined;
  try {
    const result = await toolkit.build({ precision: key.precision, ...request, output: partial });
    warnings = (result as { warnings?: string[] } | undefined)?.warnings;
    renameSync(partial, file);
  } finally {
    rmSync(partial, { force: true });
  }
  const built: CachedEngine = {
    path: file,
    cached: false,
    buildSeconds: (performance.now() - started) / 1000,
  };
  return warnings !== undefined && warnings.length > 0 ? { ...built, warnings } : built;
}
