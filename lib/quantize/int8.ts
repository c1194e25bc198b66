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
  /** Default 'entropy' (TensorRT's EntropyCalibration2 algorithm). */
  method?: CalibrationMethod;
  /** Percentile of the percentile method (99.99). */
  percentile?: number;
  /**
   * Keep in float the nodes that read the `skipSensitive` quantized
   * activations with the lowest SQNR on the calibration data (histogram
   * methods; default 0).
   */
  skipSensitive?: number;
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
  const method = options.method ?? 'entropy';
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
  const skip = sensitivity.slice(0, options.skipSensitive ?? 0);
  if (skip.length > 0) {
    const reason = new Map(
      skip.flatMap((entry) => entry.consumers.map((node) => [node, entry.sqnrDb])),
    );
    placement = placeQdq(index, {
      ...options,
      excludeNodes: [...(options.excludeNodes ?? []), ...reason.keys()],
    });
    for (const [node, sqnr] of reason)
      placement.excluded.set(
        node,
        `--skip-sensitive: reads an activation with SQNR ${sqnr.toFixed(1)} dB`,
      );
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
    weights: placement.weights.length,
    calibrationBatches,
    sensitivity,
  };
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
