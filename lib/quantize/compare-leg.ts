import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import type { CompareContext } from '../compare/context.js';
import { legAccuracy } from '../compare/accuracy.js';
import { legSpeed } from '../compare/reference-leg.js';
import { repeatToBatch, runSamples } from '../compare/samples.js';
import { benchmarkBackend } from '../compare/speed.js';
import { diffOutputs } from '../compare/tensor-diff.js';
import { TrtmapError } from '../errors.js';
import { evaluate } from '../pipeline/evaluate.js';
import { openModel } from '../pipeline/open.js';
import type { Leg } from '../report/result.js';
import { quantizeModelFile, type QuantizePrecision } from './model-file.js';

export const ortLegLabels: Record<QuantizePrecision, string> = {
  fp16: 'fp16 (ONNX Runtime)',
  int8: 'int8 Q/DQ (ONNX Runtime)',
};

/** Calibration images used by the compare legs: INT8 scales, and FP16's activation ranges (fewer suffice). */
export const compareCalibrationCount = 100;
export const compareFp16MeasureCount = 16;

/**
 * The FP16 or INT8 model trtmap writes for a compared model, cached beside
 * the engines: keyed by the model's sha256, the precision and the
 * calibration image list, so the ONNX Runtime leg and a TensorRT 11 leg use
 * the same file. FP16 also gets its float16-rounding twin (`emulated`).
 * INT8 with `calibrationCacheFor` (a TensorRT version) also gets the same
 * scales as a TensorRT calibration cache for that version (`calibrationCache`),
 * every tensor calibrated, for an implicit-quantization build (TensorRT 8.2).
 */
export async function explicitPrecisionModel(
  context: Pick<
    CompareContext,
    'onnx' | 'modelSha256' | 'contract' | 'calibrationImages' | 'cacheDirectory' | 'threads' | 'log'
  >,
  precision: QuantizePrecision,
  options: { calibrationCacheFor?: string } = {},
): Promise<{ path: string; emulated?: string; calibrationCache?: string }> {
  const count = precision === 'fp16' ? compareFp16MeasureCount : compareCalibrationCount;
  const images = (context.calibrationImages ?? []).slice(0, count);
  if (precision === 'int8' && images.length === 0) {
    throw new TrtmapError('ERR_INVALID_ARGUMENT', 'the INT8 Q/DQ leg needs --calib-images <dir>');
  }
  const digest = createHash('sha256')
    .update(images.map((file) => path.basename(file)).join('\n'))
    .digest('hex');
  const stem = `${context.modelSha256.slice(0, 16)}-${precision}-calib${digest.slice(0, 12)}`;
  mkdirSync(context.cacheDirectory, { recursive: true });
  const file = path.join(context.cacheDirectory, `${stem}.onnx`);
  const emulated =
    precision === 'fp16' ? path.join(context.cacheDirectory, `${stem}-emulated.onnx`) : undefined;
  const version = precision === 'int8' ? options.calibrationCacheFor : undefined;
  const calibrationCache =
    version === undefined
      ? undefined
      : path.join(context.cacheDirectory, `${stem}-trt${version.replace(/[^0-9.]/g, '')}.calib`);
  const done = (item?: string) => item === undefined || existsSync(item);
  if (existsSync(file) && done(emulated) && done(calibrationCache))
    return { path: file, emulated, calibrationCache };
  const folder = images.length > 0 ? path.dirname(images[0]) : undefined;
  const result = await quantizeModelFile({
    onnx: context.onnx,
    precision,
    output: file,
    emulatedOutput: emulated,
    contract: { fixed: context.contract },
    calibImages: folder,
    calibCount: images.length || undefined,
    calibrationCache:
      calibrationCache === undefined
        ? undefined
        : { file: calibrationCache, tensorRtVersion: version! },
    threads: context.threads,
    log: context.log,
  });
  context.log(
    `${precision}: wrote ${file}${calibrationCache ? ` and ${calibrationCache}` : ''} (${result.keptInFloat.size} nodes kept in higher precision)`,
  );
  return { path: file, emulated, calibrationCache };
}

/**
 * `compare`'s ONNX Runtime legs: trtmap's FP16 model or Q/DQ INT8 model
 * evaluated on ONNX Runtime (CPU) on the same images as the reference, its
 * outputs diffed against the reference's, benchmarked. FP16 runs the
 * float16 model where ONNX Runtime has the kernels, else its FP32 twin with
 * float16 rounding (the leg's backend says which). Failures fail the leg.
 */
export async function runOrtPrecisionLeg(
  context: CompareContext,
  precision: QuantizePrecision,
): Promise<Leg> {
  const id = precision === 'fp16' ? 'fp16-ort' : 'int8-ort';
  const label = ortLegLabels[precision];
  try {
    const model = await explicitPrecisionModel(context, precision);
    let chosen = model.path;
    let opened;
    try {
      opened = await openModel(
        { onnx: chosen },
        { contract: { fixed: context.contract }, backend: 'onnxruntime', threads: context.threads },
      );
    } catch (error) {
      if (!(error instanceof TrtmapError) || !model.emulated) throw error;
      context.log(
        `${precision}: ONNX Runtime cannot run the float16 model (${error.message}); running its FP32 twin with float16 rounding`,
      );
      chosen = model.emulated;
      opened = await openModel(
        { onnx: chosen },
        { contract: { fixed: context.contract }, backend: 'onnxruntime', threads: context.threads },
      );
    }
    const emulatedNote = chosen === model.emulated ? ', FP32 with float16 rounding' : '';
    const backend = `${opened.backend.description}${emulatedNote}`;
    let outputs;
    let speed;
    try {
      outputs = await runSamples(
        opened.backend,
        context.samples.slice(0, context.referenceOutputs.length),
      );
      context.log(`${precision}: benchmarking on ONNX Runtime`);
      speed = await benchmarkBackend(
        opened.backend,
        repeatToBatch(context.samples[0], context.batch ?? 1),
        context.timing,
      );
    } finally {
      await opened.backend.dispose();
    }
    context.log(`${precision}: evaluating ${chosen} on ONNX Runtime`);
    const evaluation = await evaluate({
      model: { onnx: chosen },
      dataset: context.dataset,
      contract: { fixed: context.contract },
      backend: 'onnxruntime',
      batch: context.batch,
      limit: context.limit,
      threads: context.threads,
      scoreThreshold: context.scoreThreshold,
      onProgress: (done, total) => context.onProgress?.(id, done, total),
    });
    return {
      id,
      label,
      backend,
      status: 'ok',
      accuracy: legAccuracy(evaluation),
      speed: legSpeed(speed),
      tensorDiffs: diffOutputs(context.referenceOutputs, outputs, context.tolerances),
    };
  } catch (error) {
    if (!(error instanceof TrtmapError)) throw error;
    context.log(`${precision} (ONNX Runtime): failed: ${error.code}: ${error.message}`);
    return {
      id,
      label,
      backend: 'ONNX Runtime',
      status: 'failed',
      reason: `${error.code}: ${error.message}`,
    };
  }
}
