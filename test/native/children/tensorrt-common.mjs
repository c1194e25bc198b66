// What the TensorRT child processes share: the native buildEngine options and
// the JSON they report promises and tensorrtStatus() as.

/**
 * The addon's buildEngine options for an ONNX model, with the defaults
 * validateBuildOptions fills in (lib/trt/build-options.ts) and the plan beside the model.
 */
export const nativeBuildOptions = (model, precision = 'fp32') => ({
  modelPath: model,
  modelFormat: 'onnx',
  outputPath: `${model}.plan`,
  uffInput: '',
  uffInputDims: [],
  uffInputOrder: 'nchw',
  uffOutputs: [],
  maxBatchSize: 1,
  precision,
  stronglyTyped: false,
  allowTf32: false,
  versionCompatible: false,
  contexts: 1,
  plugins: [],
  workspaceBytes: 0,
  timingCachePath: '',
  dlaCore: -1,
  gpuFallback: true,
  profiles: [],
  batch: null,
  calibration: false,
  calibrationCachePath: '',
  logLevel: 'warning',
});

/** The addon's loadEngine options: no plugins, the GPU, a plan of this TensorRT version. */
export const nativeLoadOptions = { plugins: [], dlaCore: -1, versionCompatible: false };

/** `{ ok: true }`, or the rejection's code and message. */
export const outcome = (promise) =>
  promise.then(
    () => ({ ok: true }),
    (error) => ({ code: error.code, message: error.message }),
  );

/** tensorrtStatus() with its error (if any) as code and message, so it survives JSON. */
export async function tensorrtStatusReport(addon) {
  const status = await addon.tensorrtStatus();
  return {
    ...status,
    error: status.error && { code: status.error.code, message: status.error.message },
  };
}
