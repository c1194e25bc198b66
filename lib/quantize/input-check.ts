import { TrtmapError } from '../errors.js';
import type { ModelProto } from '../onnx/proto.js';
import { storesFloat16 } from './fp16/twin-fallback.js';

/** Operators that mean a model is quantized already (ONNX QDQ, QOperator and dynamic quantization). */
const quantizedOps = new Set([
  'QuantizeLinear',
  'DequantizeLinear',
  'DynamicQuantizeLinear',
  'ConvInteger',
  'MatMulInteger',
  'QLinearConv',
  'QLinearMatMul',
  'QLinearAdd',
  'QLinearMul',
]);

/**
 * Refuses a model trtmap cannot quantize meaningfully: one already quantized
 * (Q/DQ, ConvInteger from onnxruntime's dynamic quantization, QLinear* ops:
 * calibrating it finds nothing to quantize and writes it back unchanged),
 * or, for INT8, one that stores float16 (the calibration graph mixes float
 * and float16). The answer is the same either way: quantize the FP32 model.
 * Throws ERR_UNSUPPORTED naming what was found; `file` names the model.
 */
export function checkQuantizableInput(
  model: ModelProto,
  precision: 'fp16' | 'int8',
  file: string,
): void {
  const counts = new Map<string, number>();
  for (const node of model.graph?.node ?? []) {
    const op = node.opType ?? '';
    if (quantizedOps.has(op)) counts.set(op, (counts.get(op) ?? 0) + 1);
  }
  if (counts.size > 0) {
    const found = [...counts].map(([op, count]) => `${count} ${op}`).join(', ');
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `${file} is quantized already (${found}): trtmap quantizes FP32 models; give the FP32 model it was made from (e.g. yolov8n_dequant_fp32_op17.onnx beside yolov8n_int8_dynamic.onnx)`,
      { file },
    );
  }
  if (precision === 'int8' && storesFloat16(model)) {
    throw new TrtmapError(
      'ERR_UNSUPPORTED',
      `${file} stores float16 (an FP16 model): INT8 calibration needs the FP32 model; quantize the FP32 model with --precision int8`,
      { file },
    );
  }
}
