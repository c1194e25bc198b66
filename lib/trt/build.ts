import { performance } from 'node:perf_hooks';
import { loadNative, withCallSite } from '../native/index.js';
import type { NativeBuildEvent, NativeCalibrationResponder } from '../native/types.js';
import { type BuildOptions, validateBuildOptions } from './build-options.js';
import { CalibrationBatcher } from './calibration.js';
import { writeTensor } from './host-tensors.js';
import {
  type LayerPrecisions,
  precisionShortfall,
  summarizeLayerPrecisions,
} from './layer-precisions.js';
import { elementCount } from './tensors.js';

export interface BuildResult {
  /** The engine file written. */
  output: string;
  engineBytes: number;
  calibrationBatches: number;
  tensorrtVersion: string;
  seconds: number;
  /** The builder workspace limit set, in bytes; 0: TensorRT's default (the device's memory). */
  workspaceBytes: number;
  /** Built as a strongly typed network (always on TensorRT 11). */
  stronglyTyped: boolean;
  /** FP32 layers may run in TF32 (only with allowTf32). */
  tf32: boolean;
  /** The GPU has fast FP16 / INT8 (IBuilder::platformHasFast*, TensorRT 8 and 10; true on 11). */
  fastFp16: boolean;
  fastInt8: boolean;
  /** Optimization profiles in the engine (TensorRT 8: one per concurrent context). */
  optimizationProfiles: number;
  /** How many layers run in each precision (engine inspector), or null when unknown. */
  layerPrecisions: LayerPrecisions | null;
  /** What the user should know: dropped timing cache, no fast INT8, precision asked for but not obtained. */
  warnings: string[];
}

/**
 * Builds a TensorRT engine from an ONNX (or, on TensorRT 8, UFF) model and
 * writes it to `options.output`. The build runs off the JavaScript thread;
 * TensorRT's log and the progress arrive through `onLog` / `onProgress`, and
 * INT8 calibration batches are pulled from `calibration.data` as TensorRT
 * asks for them. The result says what was built: the layer precisions the
 * engine inspector reports, the workspace, and warnings (each also passed
 * to `onLog`).
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
      const layerPrecisions =
        result.layerInformation === ''
          ? null
          : summarizeLayerPrecisions(JSON.parse(result.layerInformation) as unknown);
      const warnings = [...result.warnings];
      const shortfall = precisionShortfall(native.precision, layerPrecisions);
      if (shortfall !== undefined) {
        warnings.push(shortfall);
        options.onLog?.({ severity: 'warning', message: `trtmap: ${shortfall}` });
      }
      return {
        output: result.outputPath,
        engineBytes: result.engineBytes,
        calibrationBatches: result.calibrationBatches,
        tensorrtVersion: result.tensorrtVersion,
        seconds: (performance.now() - started) / 1000,
        workspaceBytes: result.workspaceBytes,
        stronglyTyped: result.stronglyTyped,
        tf32: result.tf32,
        fastFp16: result.fastFp16,
        fastInt8: result.fastInt8,
        optimizationProfiles: result.optimizationProfiles,
        layerPrecisions,
        warnings,
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

/**
 * Always answers: the builder thread waits for the answer. Samples are
 * float32; inputs of another type (float16, int32, int64, ...) get them
 * converted into their own buffers, sized natively from the input's type.
 */
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
    const dtypes = event.dtypes ?? event.names.map(() => 'float32');
    const targets = event.buffers.map((buffer, input) => {
      const count = elementCount(event.shapes[input]!);
      return dtypes[input] === 'float32'
        ? new Float32Array(buffer.arrayBuffer, 0, count)
        : new Float32Array(count);
    });
    const filled = await batcher.fill(event.names, targets);
    if (filled) {
      targets.forEach((target, input) => {
        if (dtypes[input] !== 'float32')
          writeTensor(dtypes[input]!, target, event.buffers[input]!.arrayBuffer);
      });
    }
    respond(filled);
  } catch (error) {
    respond(error instanceof Error ? error : new Error(String(error)));
  }
}
