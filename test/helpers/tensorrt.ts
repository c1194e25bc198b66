import { tensorrtStatus } from '../../lib/trt/index.js';
import { probeGpu } from './gpu.js';

/**
 * Capability probe for the TensorRT GPU tests: a CUDA device and a TensorRT
 * library the addon can load. TensorRT is optional even on GPU machines, so
 * its absence skips (with the reason); REQUIRE_TENSORRT=1 makes it fail.
 */
export async function probeTensorRt(): Promise<{
  available: boolean;
  reason: string;
  version?: string;
}> {
  const gpu = await probeGpu();
  let reason = gpu.reason;
  if (gpu.available) {
    const status = await tensorrtStatus();
    if (status.loadedVersion !== null)
      return { available: true, reason: '', version: status.loadedVersion };
    reason = `TensorRT is not available: ${status.problem?.code ?? ''} ${status.problem?.message.split('\n')[0] ?? ''}`;
  }
  if (process.env.REQUIRE_TENSORRT === '1') throw new Error(`REQUIRE_TENSORRT=1 but ${reason}`);
  return { available: false, reason };
}
