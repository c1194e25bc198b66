/**
 * Operators kept in FP32 by trtmap's FP16 conversion, with the hazard each
 * one carries. Index and control operators come from onnxruntime's
 * float16 converter (`onnxruntime/transformers/float16.py`,
 * DEFAULT_OP_BLOCK_LIST): they have no float16 kernels or compute
 * coordinates; the numeric hazards are those ModelOpt AutoCast guards
 * against (large dynamic range, long reductions).
 */
export const fp16BlockList: Readonly<Record<string, string>> = {
  NonMaxSuppression: 'box coordinates and scores: no float16 kernel, ordering ties change',
  TopK: 'ordering: float16 ties reorder the selection',
  RoiAlign: 'sampling coordinates need float32 precision',
  Range: 'index arithmetic',
  CumSum: 'long running sums overflow or lose precision in float16',
  Exp: 'overflows float16 above ln(65504) = 11.09',
  Pow: 'overflows float16 for large bases or exponents',
  Log: 'loses relative precision near 1 and underflows for small inputs',
  ReduceSum: 'long reductions overflow float16',
  ReduceSumSquare: 'squares overflow float16 above 256',
  ReduceL2: 'squares overflow float16 above 256',
  ReduceProd: 'products overflow float16',
  Einsum: 'long reductions overflow float16',
  RandomUniformLike: 'no float16 kernel',
  RandomNormalLike: 'no float16 kernel',
  Upsample: 'no float16 kernel on ONNX Runtime CPU (deprecated operator)',
  If: 'subgraphs are not converted',
  Loop: 'subgraphs are not converted',
  Scan: 'subgraphs are not converted',
  Cast: 'kept as written (casts decide their own output type)',
};

/** Inputs that an operator's schema types as float32 whatever the data type (keep them float32). */
export const float32OnlyInputs: Readonly<Record<string, readonly number[]>> = {
  Resize: [1, 2], // roi, scales: tensor(float) in opset 11 to 19
};

/**
 * AutoCast's default `data_max`: a node whose inputs or outputs reach this
 * magnitude on the calibration data stays FP32 (headroom below 65504 for the
 * next operations). ModelOpt `modelopt/onnx/autocast`, `--data_max 512`.
 */
export const defaultFp16DataMax = 512;
