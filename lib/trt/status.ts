import { tryLoadNative } from '../native/index.js';
import { type TensorRtCapabilities, tensorRtCapabilities } from './capabilities.js';

export interface TensorRtStatus {
  /** The TensorRT version the addon was compiled against, or null (built without headers). */
  compiledVersion: string | null;
  /** The TensorRT library loaded, or null. */
  loadedVersion: string | null;
  libraries: string[];
  /** Why TensorRT cannot be used (code ERR_TENSORRT_NOT_FOUND / ERR_TENSORRT_VERSION / ERR_NATIVE_LOAD), or null. */
  problem: { code: string; message: string } | null;
  /** What builds and runs can do with this version (the loaded one, else the compiled one), or null. */
  capabilities: TensorRtCapabilities | null;
  /** '' when builds can find libnvinfer_builder_resource (TensorRT >= 8.6); else what to do. */
  builderResourceHint: string;
}

/** Whether TensorRT can be used here; never throws. Opens TensorRT's libraries on first call. */
export async function tensorrtStatus(): Promise<TensorRtStatus> {
  const { addon, error } = tryLoadNative();
  if (addon === undefined) {
    return {
      compiledVersion: null,
      loadedVersion: null,
      libraries: [],
      problem: { code: error.code, message: error.message },
      capabilities: null,
      builderResourceHint: '',
    };
  }
  const status = await addon.tensorrtStatus();
  const version = status.loadedVersion ?? status.compiledVersion;
  return {
    capabilities:
      version === null ? null : tensorRtCapabilities(version, status.uffParser === true),
    builderResourceHint: status.builderResourceHint ?? '',
    compiledVersion: status.compiledVersion,
    loadedVersion: status.loadedVersion,
    libraries: status.libraries,
    problem:
      status.error === null ? null : { code: status.error.code, message: status.error.message },
  };
}
