import { createRequire } from 'node:module';
import { type BoardState, readBoardState } from './state.js';

export { parseTegrastatsLine, inputRailOf, inputRailNames } from './tegrastats.js';
export type { TegrastatsSample, RailReading } from './tegrastats.js';
export { summarizePower, type PowerSummary, type PowerReading } from './power.js';
export { powerWindow, ina3221InputRail, type PowerWindow } from './sampler.js';
export { readBoardState, parseL4tRelease, parsePowerMode } from './state.js';
export type { BoardState, JetsonState } from './state.js';
export { formatBoardState, formatPower, unlockedClocksWarning } from './format.js';

/** The board state plus what only a running trtmap knows: the GPU, its driver, ONNX Runtime. */
export interface BenchmarkMachine extends BoardState {
  gpu?: { name: string; driver: string };
  onnxRuntime?: { version: string; threads: number | 'default' };
}

/**
 * readBoardState() with the CUDA device and driver (when the addon loads and
 * a device is present) and ONNX Runtime's version and thread setting (when
 * installed). Never throws.
 */
export async function collectMachine(
  options: { onnxRuntimeThreads?: number; root?: string } = {},
): Promise<BenchmarkMachine> {
  const machine: BenchmarkMachine = readBoardState(options.root);
  try {
    const { queryCuda, formatCudaVersion } = await import('../cuda/info.js');
    const cuda = await queryCuda();
    if (cuda.devices[0])
      machine.gpu = {
        name: cuda.devices[0].name,
        driver: `CUDA driver ${formatCudaVersion(cuda.driverVersion)}`,
      };
  } catch {
    // No addon: the CPU figures stand alone.
  }
  try {
    const require = createRequire(import.meta.url);
    const { version } = require('onnxruntime-node/package.json') as { version: string };
    machine.onnxRuntime = { version, threads: options.onnxRuntimeThreads ?? 'default' };
  } catch {
    // onnxruntime-node is an optional peer dependency.
  }
  return machine;
}
