import { describe, expect, it } from 'vitest';
import { TrtmapError } from '../../../lib/errors.js';
import type { ModelProto } from '../../../lib/onnx/proto.js';
import { DataType } from '../../../lib/onnx/proto.js';
import { checkQuantizableInput } from '../../../lib/quantize/input-check.js';

const model = (ops: string[], initializerType: number = DataType.FLOAT): ModelProto =>
  ({
    graph: {
      node: ops.map((opType, k) => ({ opType, name: `n${k}` })),
      initializer: [{ name: 'w', dataType: initializerType }],
      input: [],
      output: [],
      valueInfo: [],
    },
  }) as unknown as ModelProto;

function codeOf(run: () => void): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (!(error instanceof TrtmapError)) throw error;
    return `${error.code}: ${error.message}`;
  }
}

describe('what trtmap quantize accepts as input', () => {
  it('an FP32 model: both precisions', () => {
    expect(codeOf(() => checkQuantizableInput(model(['Conv', 'Relu']), 'int8', 'm.onnx'))).toBe(
      undefined,
    );
    expect(codeOf(() => checkQuantizableInput(model(['Conv']), 'fp16', 'm.onnx'))).toBe(undefined);
  });

  it("a model quantized already (onnxruntime's dynamic ConvInteger, Q/DQ): refused, naming the ops and the FP32 model", () => {
    const dynamic = model(['DynamicQuantizeLinear', 'ConvInteger', 'ConvInteger', 'Cast']);
    for (const precision of ['int8', 'fp16'] as const)
      expect(codeOf(() => checkQuantizableInput(dynamic, precision, 'y8.onnx'))).toMatch(
        /^ERR_UNSUPPORTED: y8\.onnx is quantized already \(1 DynamicQuantizeLinear, 2 ConvInteger\): trtmap quantizes FP32 models/,
      );
    expect(
      codeOf(() =>
        checkQuantizableInput(
          model(['QuantizeLinear', 'DequantizeLinear', 'Conv']),
          'int8',
          'q.onnx',
        ),
      ),
    ).toMatch(/1 QuantizeLinear, 1 DequantizeLinear/);
  });

  it('INT8 of an FP16 model: refused (FP16 of it is left to the converter)', () => {
    const half = model(['Conv'], DataType.FLOAT16);
    expect(codeOf(() => checkQuantizableInput(half, 'int8', 'h.onnx'))).toMatch(
      /^ERR_UNSUPPORTED: h\.onnx stores float16 \(an FP16 model\): INT8 calibration needs the FP32 model/,
    );
    expect(codeOf(() => checkQuantizableInput(half, 'fp16', 'h.onnx'))).toBe(undefined);
  });
});
