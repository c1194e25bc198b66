import { writeFileSync } from 'node:fs';
import type { ContractRequest } from '../contract/resolve.js';
import { TrtmapError } from '../errors.js';
import { checkQuantizableInput } from './input-check.js';
import { encodeModelProto, readModel } from '../onnx/proto.js';
import { openModel } from '../pipeline/open.js';
import type { CalibrationMethod, TensorRange } from './calibrators/calibrator.js';
import { writeCalibrationCache } from './calibration-cache.js';
import type { CalibrationFeed } from './collect.js';
import { convertToFp16 } from './fp16/convert.js';
import { emulateFp16 } from './fp16/emulate.js';
import { imageCalibrationFeed, listCalibrationImages } from './images.js';
import { quantizeInt8 } from './int8.js';

export type QuantizePrecision = 'fp16' | 'int8';

export interface QuantizeFileOptions {
  onnx: string;
  precision: QuantizePrecision;
  output: string;
  /** The model's contract (its preprocessing feeds calibration); resolved as `eval` resolves it. */
  contract?: ContractRequest;
  calibImages?: string;
  calibCount?: number;
  method?: CalibrationMethod;
  percentile?: number;
  excludeNodes?: string[];
  excludeOps?: string[];
  /** INT8: keep the readers of the n most damaged activations in float. */
  skipSensitive?: number;
  /** INT8: keep in float the readers of activations below this SQNR (dB; default 12, 0: off). */
  sqnrFloorDb?: number;
  /** INT8: keep in float the readers of activations of which more than this fraction rounds to 0 (0.05; 1: off). */
  maxUnderflow?: number;
  /** INT8: quantize the detection tail too. FP16: convert it too. */
  includeTail?: boolean;
  keepIoTypes?: boolean;
  fp16DataMax?: number;
  /** Also write the TensorRT calibration cache (INT8), for this TensorRT version. */
  calibrationCache?: { file: string; tensorRtVersion: string };
  /** Also write the FP32 twin with float16 rounding (FP16). */
  emulatedOutput?: string;
  threads?: number;
  log?(line: string): void;
}

export interface QuantizeFileResult {
  output: string;
  precision: QuantizePrecision;
  /** Node -> why it stayed in higher precision. */
  keptInFloat: Map<string, string>;
  /** INT8: activations and weights quantized; FP16: nodes converted. */
  counts: Record<string, number>;
  calibrationImages: number;
  ranges?: Map<string, TensorRange>;
  /** INT8: quantized activations, most damaged first (SQNR in dB), and their readers. */
  sensitivity?: { tensor: string; consumers: string[]; sqnrDb: number }[];
  /** INT8: activations left unquantized (SQNR floor, --skip-sensitive), absent from the cache too. */
  keptFloatTensors?: { tensor: string; sqnrDb: number; reason: string }[];
  /** INT8 `sqnr`: how many activations took each rule's threshold. */
  rules?: Record<string, number>;
}

/**
 * `trtmap quantize`: reads an ONNX model, calibrates on images preprocessed
 * by its contract and writes the FP16 or Q/DQ INT8 model (and, on request,
 * the TensorRT calibration cache and the FP16 emulation twin). Throws
 * ERR_INVALID_ARGUMENT (INT8 without --calib-images), ERR_UNSUPPORTED (a model quantized
 * already, or INT8 of an FP16 model), ERR_ONNX, ERR_FILE_NOT_FOUND.
 */
export async function quantizeModelFile(options: QuantizeFileOptions): Promise<QuantizeFileResult> {
  const log = options.log ?? (() => {});
  const model = readModel(options.onnx);
  checkQuantizableInput(model, options.precision, options.onnx);
  const files = options.calibImages
    ? listCalibrationImages(options.calibImages, options.calibCount)
    : [];
  if (options.precision === 'int8' && files.length === 0) {
    throw new TrtmapError(
      'ERR_INVALID_ARGUMENT',
      'INT8 needs calibration images: --calib-images <dir> (images like the evaluation data, never the evaluation images themselves)',
    );
  }
  const feed = files.length > 0 ? await contractFeed(options, files) : undefined;
  if (options.precision === 'fp16') {
    log(
      `fp16: converting${feed ? `, measuring activations on ${files.length} images` : ' (no --calib-images: the block list and the tail only)'}`,
    );
    const result = await convertToFp16(model, {
      calibration: feed,
      keepIoTypes: options.keepIoTypes,
      dataMax: options.fp16DataMax,
      keepTail: !options.includeTail,
      excludeNodes: options.excludeNodes,
      excludeOps: options.excludeOps,
      threads: options.threads,
    });
    writeFileSync(options.output, encodeModelProto(result.model));
    if (options.emulatedOutput)
      writeFileSync(options.emulatedOutput, encodeModelProto(emulateFp16(result.model)));
    return {
      output: options.output,
      precision: 'fp16',
      keptInFloat: result.keptFp32,
      counts: { 'nodes in FP16': result.converted, 'nodes kept FP32': result.keptFp32.size },
      calibrationImages: files.length,
    };
  }
  log(`int8: calibrating (${options.method ?? 'sqnr'}) on ${files.length} images`);
  const result = await quantizeInt8(model, {
    calibration: feed!,
    method: options.method,
    percentile: options.percentile,
    excludeNodes: options.excludeNodes,
    excludeOps: options.excludeOps,
    quantizeTail: options.includeTail,
    skipSensitive: options.skipSensitive,
    sqnrFloorDb: options.sqnrFloorDb,
    maxUnderflow: options.maxUnderflow,
    calibrateAll: options.calibrationCache !== undefined,
    threads: options.threads,
    onProgress: (pass, batch) => {
      if (batch === files.length) log(`int8: calibration pass ${pass + 1} done`);
    },
  });
  writeFileSync(options.output, encodeModelProto(result.model));
  if (options.calibrationCache) {
    writeFileSync(
      options.calibrationCache.file,
      writeCalibrationCache(result.ranges, options.calibrationCache),
    );
  }
  return {
    output: options.output,
    precision: 'int8',
    keptInFloat: result.excluded,
    counts: {
      'activations quantized': result.scales.size,
      'weights quantized': result.weights,
      'tensors calibrated': result.ranges.size,
    },
    calibrationImages: files.length,
    ranges: result.ranges,
    sensitivity: result.sensitivity,
    keptFloatTensors: result.keptFloat,
    rules: countRules(result.scales, result.ranges),
  };
}

/** How many quantized activations took each rule's threshold (the `sqnr` method's choices). */
function countRules(
  scales: ReadonlyMap<string, number>,
  ranges: ReadonlyMap<string, TensorRange>,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const tensor of scales.keys()) {
    const rule = ranges.get(tensor)?.rule;
    if (rule) counts[rule] = (counts[rule] ?? 0) + 1;
  }
  return counts;
}

/** Calibration images preprocessed by the model's contract (as eval would preprocess them). */
async function contractFeed(
  options: QuantizeFileOptions,
  files: string[],
): Promise<CalibrationFeed> {
  const opened = await openModel(
    { onnx: options.onnx },
    { contract: options.contract, backend: 'onnxruntime', threads: options.threads },
  );
  try {
    return imageCalibrationFeed(files, { name: opened.bound.inputName, spec: opened.bound.input });
  } finally {
    await opened.backend.dispose();
  }
}
