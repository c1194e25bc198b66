import { loadNative, withCallSite } from '../native/index.js';
import type { NativeCudaInfo, NativePinnedPoolStats } from '../native/types.js';

export type CudaInfo = NativeCudaInfo;

/** Driver, runtime and devices. Resolves (with `error`) when there is no GPU. */
export function queryCuda(): Promise<CudaInfo> {
  return withCallSite(() => loadNative().queryCuda());
}

/** Free and total memory of the current device; ERR_NO_CUDA_DEVICE without one. */
export function deviceMemoryInfo(): Promise<{ free: number; total: number }> {
  return withCallSite(() => loadNative().deviceMemoryInfo());
}

/**
 * The pool that keeps freed page-locked host buffers for reuse
 * (cudaHostAlloc is slow): bytes kept, budget, and allocations served from it.
 */
export function pinnedPoolStats(): NativePinnedPoolStats {
  return loadNative().pinnedPoolStats();
}

/** "12.4" from the CUDA API's integer 12040; "none" for 0. */
export function formatCudaVersion(version: number): string {
  if (version === 0) return 'none';
  return `${Math.floor(version / 1000)}.${Math.floor((version % 1000) / 10)}`;
}
