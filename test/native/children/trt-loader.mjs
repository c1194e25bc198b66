// Runs in a child process whose TRTMAP_TENSORRT_LIB_DIR points at a fake
// libnvinfer (TensorRT stays loaded for the life of a process): prints what
// tensorrtStatus, loadEngine and buildEngine report, as JSON.
import { loadAddon } from './load-addon.mjs';

const addon = loadAddon();
const [model] = process.argv.slice(2);

const options = {
  modelPath: model,
  modelFormat: 'onnx',
  outputPath: `${model}.plan`,
  uffInput: '',
  uffInputDims: [],
  uffInputOrder: 'nchw',
  uffOutputs: [],
  maxBatchSize: 1,
  precision: 'fp16',
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
};

const outcome = (promise) =>
  promise.then(
    () => ({ ok: true }),
    (error) => ({ code: error.code, message: error.message }),
  );

const status = await addon.tensorrtStatus();
const report = {
  status: {
    ...status,
    error: status.error && { code: status.error.code, message: status.error.message },
  },
  loadEngine: await outcome(
    addon.loadEngine(new Uint8Array(1024), { plugins: [], dlaCore: -1, versionCompatible: false }),
  ),
  buildEngine: await outcome(addon.buildEngine(options, () => {})),
  buildMissingModel: await outcome(
    addon.buildEngine({ ...options, modelPath: `${model}.missing` }, () => {}),
  ),
};
process.stdout.write(JSON.stringify(report));
