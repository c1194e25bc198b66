import { GraphIndex } from '../onnx/graph.js';
import { upgradeToOpset13 } from '../onnx/opset.js';
import { decodeModel, encodeModelProto, type ModelProto } from '../onnx/proto.js';
import {
  type CalibrationMethod,
  createCalibrator,
  type TensorRange,
} from './calibrators/calibrator.js';
import { type CalibrationFeed, collectActivations } from './collect.js';
import { floatActivations } from './float-tensors.js';
import { setQuantizationMetadata } from './metadata.js';
import { insertQdq } from './qdq/insert.js';
import { type PlacementOptions, placeQdq, type QdqPlacement } from './qdq/placement.js';

export interface Int8Options extends PlacementOptions {
  /** Preprocessed calibration inputs (as the model's contract preprocesses), read once per pass. */
  calibration: CalibrationFeed;
  /** Default 'sqnr' (per tensor, the entropy / percentile / min-max threshold with the highest SQNR). */
  method?: CalibrationMethod;
  /** Percentile of the percentile method (99.99). */
  percentile?: number;
  /**
   * Keep in float the nodes that read the `skipSensitive` quantized
   * activations with the lowest SQNR on the calibration data (histogram
   * methods; default 0).
   */
  skipSensitive?: number;
  /**
   * Keep in float the nodes that read a quantized activation whose SQNR at
   * its chosen threshold is below this many dB (histogram methods; default
   * {@link defaultSqnrFloorDb}; 0 turns it off).
   */
  sqnrFloorDb?: number;
  /**
   * Keep in float the nodes that read a quantized activation of which more
   * than this fraction of the non-zero values round to 0 at the chosen
   * threshold (histogram methods; default {@link defaultMaxUnderflow}; 1 turns it off).
   */
  maxUnderflow?: number;
  /** Calibrate every float activation, not only the quantized ones (what a TensorRT cache needs). */
  calibrateAll?: boolean;
  threads?: number;
  onProgress?(pass: number, batch: number): void;
}

export interface Int8Result {
  /** The Q/DQ model (opset >= 13). */
  model: ModelProto;
  /** The calibrated range of every tensor calibrated, by ONNX tensor name. */
  ranges: Map<string, TensorRange>;
  /** Scale of each activation that got a Q/DQ pair. */
  scales: Map<string, number>;
  /** Weighted ops and Adds left in float, and why. */
  excluded: Map<string, string>;
  /**
   * Activations left unquantized because they fall below the SQNR floor (or
   * --skip-sensitive): no Q/DQ, and not in `ranges`, so a TensorRT
   * calibration cache written from `ranges` leaves them in float too.
   */
  keptFloat: { tensor: string; sqnrDb: number; reason: string }[];
  weights: number;
  calibrationBatches: number;
  /**
   * Quantized activations from the most to the least damaged by INT8 (lowest
   * SQNR on the calibration histogram first), with the nodes that read them:
   * the candidates for --exclude-nodes. Empty for min-max (no histogram).
   */
  sensitivity: { tensor: string; consumers: string[]; sqnrDb: number }[];
}

/**
 * INT8 post-training quantization into explicit Q/DQ, as TensorRT's
 * explicit quantization and ONNX Runtime's QDQ format read it: activations
 * per tensor, symmetric, zero point 0, scales from calibration with
 * `method`; weights per output channel (axis 0), symmetric; Q/DQ placed per
 * NVIDIA's guide (qdq/placement.ts); the model raised to opset 13.
 * The input model is not modified. Throws ERR_ONNX (the model does not load
 * in ONNX Runtime), ERR_UNSUPPORTED (opset upgrade), ERR_INVALID_ARGUMENT
 * (no calibration data).
 */
/**
 * Default SQNR floor (dB). An activation quantized with a good threshold
 * measures 20-40 dB on the detectors measured (BENCHMARKS.md); the one that
 * cost yolox-nano 6.5 mAP points measured 6.2 dB under entropy. 12 dB is
 * about 2 bits of noise-free signal, the point where one layer's noise
 * rivals what the network tolerates.
 */
export const defaultSqnrFloorDb = 12;

/**
 * Default underflow limit: one non-zero value in 20 read as 0. The
 * yolox-nano activation that takes its INT8 model from 31.7 to 1.8 mAP
 * (min-max) or 8.7 (best-SQNR thresholds) loses 41 % of its values this way,
 * the next ones 10 % and 8 %; on 40 val images (16 calibration images) that
 * model's INT8 scores 29.9 with a limit of 0.25 (one activation in float),
 * 31.0 with 0.08 (3) and 30.7 with 0.05 (8), FP32 31.7. The lower limit
 * costs some layers' INT8 speed, never accuracy.
 */
export const defaultMaxUnderflow = 0.05;

export async function quantizeInt8(source: ModelProto, options: Int8Options): Promise<Int8Result> {
  const model = decodeModel(encodeModelProto(source));
  const index = new GraphIndex(model.graph!);
  let placement = placeQdq(index, options);
  const softmaxInputs = index.nodes
    .filter((node) => ['Softmax', 'LogSoftmax', 'Hardmax'].includes(node.opType ?? ''))
    .map((node) => node.input?.[0] ?? '');
  const tensors = [
    ...new Set([
      ...(options.calibrateAll ? floatActivations(index) : []),
      ...placement.activations.keys(),
      ...softmaxInputs,
    ]),
  ];
  const method = options.method ?? 'sqnr';
  const calibrator = createCalibrator(method, { percentile: options.percentile });
  const ranks = new Map<string, number>();
  const calibrationBatches = await collectActivations(
    source,
    tensors,
    options.calibration,
    (pass, tensor, values, dims) => {
      ranks.set(tensor, dims.length);
      calibrator.collect(pass, tensor, values);
    },
    { passes: calibrator.passes, threads: options.threads, onBatch: options.onProgress },
  );
  const ranges = calibrator.compute();
  const sensitivity = rankSensitivity(placement, ranges);
  const keptFloat = activationsKeptFloat(sensitivity, ranges, options);
  if (keptFloat.length > 0) {
    const reason = new Map(
      keptFloat.flatMap((entry) =>
        entry.consumers.map((node) => [node, `reads ${entry.tensor}: ${entry.reason}`]),
      ),
    );
    placement = placeQdq(index, {
      ...options,
      excludeNodes: [...(options.excludeNodes ?? []), ...reason.keys()],
    });
    for (const [node, text] of reason) placement.excluded.set(node, text);
    // Still quantized for another reader (a residual Add, say)? Then its range stays.
    for (const entry of keptFloat)
      if (!placement.activations.has(entry.tensor)) ranges.delete(entry.tensor);
  }
  upgradeToOpset13(model, (tensor) => ranks.get(tensor));
  const scales = insertQdq(index, placement, ranges);
  setQuantizationMetadata(model, {
    precision: 'int8',
    calibration: method,
    calibrationBatches,
    excluded: Object.fromEntries(placement.excluded),
  });
  return {
    model,
    ranges,
    scales,
    excluded: placement.excluded,
    keptFloat: keptFloat.map(({ tensor, sqnrDb, reason }) => ({ tensor, sqnrDb, reason })),
    weights: placement.weights.length,
    calibrationBatches,
    sensitivity,
  };
}

/**
 * The quantized activations whose readers stay in float, with the reason:
 * below the SQNR floor, over the underflow limit, or among the
 * `skipSensitive` lowest SQNR. `sensitivity` is sorted by SQNR, lowest first.
 */
function activationsKeptFloat(
  sensitivity: ReturnType<typeof rankSensitivity>,
  ranges: ReadonlyMap<string, TensorRange>,
  options: Int8Options,
) {
  const floor = options.sqnrFloorDb ?? defaultSqnrFloorDb;
  const maxUnderflow = options.maxUnderflow ?? defaultMaxUnderflow;
  const reasonOf = (tensor: string, sqnrDb: number, rank: number): string => {
    const sqnr = `SQNR ${sqnrDb.toFixed(1)} dB`;
    const underflow = ranges.get(tensor)?.underflow ?? 0;
    if (sqnrDb < floor) return `${sqnr} below the ${floor} dB floor (--sqnr-floor)`;
    if (underflow > maxUnderflow)
      return `${(underflow * 100).toFixed(0)} % of its non-zero values round to 0 in INT8 (over --max-underflow ${maxUnderflow}), ${sqnr}`;
    if (rank < (options.skipSensitive ?? 0)) return `--skip-sensitive: ${sqnr}`;
    return '';
  };
  return sensitivity
    .map((entry, rank) => ({ ...entry, reason: reasonOf(entry.tensor, entry.sqnrDb, rank) }))
    .filter((entry) => entry.reason !== '');
}

function rankSensitivity(placement: QdqPlacement, ranges: Map<string, TensorRange>) {
  return [...placement.activations]
    .filter(([tensor]) => ranges.get(tensor)?.sqnrDb !== undefined)
    .map(([tensor, uses]) => ({
      tensor,
      consumers: uses.map((use) => use.node.name ?? ''),
      sqnrDb: ranges.get(tensor)!.sqnrDb!,
    }))
    .sort((a, b) => a.sqnrDb - b.sqnrDb);
}
