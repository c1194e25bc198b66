import { native } from './native.js';

/**
 * Capability probe for the GPU tests: a CUDA device the addon can use. With
 * REQUIRE_GPU=1 (scripts/test-gpu.sh) a missing GPU fails instead of skipping.
 */
export async function probeGpu(): Promise<{ available: boolean; reason: string }> {
  let reason: string;
  if (native === undefined) reason = 'the native addon is not built';
  else {
    const info = await native.queryCuda();
    if (info.devices.length > 0) return { available: true, reason: '' };
    reason = info.error?.message ?? 'no CUDA device';
  }
  if (process.env.REQUIRE_GPU === '1')
    throw new Error(`REQUIRE_GPU=1 but no GPU can be used: ${reason}`);
  return { available: false, reason };
}
