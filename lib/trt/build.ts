import { performance } from 'node:perf_hooks';
import { loadNative, withCallSite } from '../native/index.js';
import type { NativeBuildEvent, NativeCalibrationResponder } from '../native/types.js';
import { type BuildOptions, validateBuildOptions } from './build-options.js';
import { CalibrationBatcher } from './calibration.js';
import { elementCount } from './tensors.js';

export interface BuildResult {
  /** The engine file written. */
  output: string;
  engineBytes: number;
  calibrationBatches: number;
  tensorrtVersion: string;
  seconds: number;
}

/**
 * Builds a TensorRT engine from an ONNX (or, on TensorRT 8, UFF) model and
 * writes it to `options.output`. The build runs off the JavaScript thread;
 * TensorRT's log and the progress arrive through `onLog` / `onProgress`, and
 * INT8 calibration batches are pulled from `calibration.data` as TensorRT
 * asks for them.
 */
export function buildEngine(options: BuildOptions): Promise<BuildResult> {
  return withCallSite(async () => {
    const { native, maxCalibrationBatches } = validateBuildOptions(options);
    const addon = loadNative();
    const batcher = native.calibration
      ? new CalibrationBatcher(options.calibration!.data!, maxCalibrationBatches)
      : undefined;
    const started = performance.now();
    try {
      const result = await addon.buildEngine(native, (event, respond) =>
        handleEvent(event, respond, options, batcher),
      );
      return {
        output: result.outputPath,
        engineBytes: result.engineBytes,
        calibrationBatches: result.calibrationBatches,
        tensorrtVersion: result.tensorrtVersion,
        seconds: (performance.now() - started) / 1000,
      };
    } finally {
      await batcher?.close().catch(() => undefined);
    }
  });
}

function handleEvent(
  event: NativeBuildEvent,
  respond: NativeCalibrationResponder | undefined,
  options: BuildOptions,
  batcher: CalibrationBatcher | undefined,
): void {
  if (event.type === 'log') {
    options.onLog?.({ severity: event.severity, message: event.message });
  } else if (event.type === 'progress') {
    options.onProgress?.({ phase: event.phase, step: event.step, steps: event.steps });
  } else {
    options.onProgress?.({ phase: 'calibrate', step: event.index + 1, steps: 0 });
    void fillCalibrationBatch(event, respond!, batcher);
  }
}

/** Always answers: the builder thread waits for the answer. */
async function fillCalibrationBatch(
  event: Extract<NativeBuildEvent, { type: 'calibration' }>,
  respond: NativeCalibrationResponder,
  batcher: CalibrationBatcher | undefined,
): Promise<void> {
  try {
    if (batcher === undefined) {
      respond(false);
      return;
    }
    const targets = event.buffers.map(
      (buffer, input) =>
        new Float32Array(buffer.arrayBuffer, 0, elementCount(event.shapes[input]!)),
    );
    respond(await batcher.fill(event.names, targets));
  } catch (error) {
    respond(error instanceof Error ? error : new Error(String(error)));
  }
}
