// Runs in a child process against the TensorRT test double, for what needs
// a process of its own (TensorRT stays loaded, from one folder, once opened):
//   status-and-build <model>   tensorrtStatus() and a build, as JSON
//   stale-errors <planA> <planB>  load A (it logs an error but loads), then
//                                 run B with a shape TensorRT refuses, on the
//                                 same (only) worker thread
import { loadAddon } from './load-addon.mjs';

const addon = loadAddon();
const [scenario, ...files] = process.argv.slice(2);

const buildOptions = (model) => ({
  modelPath: model,
  modelFormat: 'onnx',
  outputPath: `${model}.plan`,
  uffInput: '',
  uffInputDims: [],
  uffInputOrder: 'nchw',
  uffOutputs: [],
  maxBatchSize: 1,
  precision: 'fp32',
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
const loadOptions = { plugins: [], dlaCore: -1, versionCompatible: false };
const outcome = (promise) =>
  promise.then(
    (value) => ({ ok: true, value }),
    (error) => ({ code: error.code, message: error.message }),
  );

const report = {};
if (scenario === 'status-and-build') {
  const status = await addon.tensorrtStatus();
  report.status = {
    ...status,
    error: status.error && { code: status.error.code, message: status.error.message },
  };
  const built = await outcome(addon.buildEngine(buildOptions(files[0]), () => {}));
  report.build = built.ok ? { ok: true } : built;
} else if (scenario === 'stale-errors') {
  const { readFileSync } = await import('node:fs');
  const first = await addon.loadEngine(readFileSync(files[0]), loadOptions);
  const second = await addon.loadEngine(readFileSync(files[1]), loadOptions);
  const context = await second.engine.createContext();
  const input = new addon.HostBuffer(4 * 3 * 4 * 4 * 4, true, false);
  report.loadLog = first.log;
  report.run = await outcome(
    context.run({
      inputs: [{ name: 'x', buffer: input, shape: [9, 3, 4, 4], byteOffset: 0 }],
      outputs: [],
      transfer: 'auto',
      timings: false,
      cudaGraph: false,
    }),
  );
}
process.stdout.write(JSON.stringify(report));
