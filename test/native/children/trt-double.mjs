// Runs in a child process against the TensorRT test double, for what needs
// a process of its own (TensorRT stays loaded, from one folder, once opened):
//   status-and-build <model>   tensorrtStatus() and a build, as JSON
//   stale-errors <planA> <planB>  load A (it logs an error but loads), then
//                                 run B with a shape TensorRT refuses, on the
//                                 same (only) worker thread
import { loadAddon } from './load-addon.mjs';
import {
  nativeBuildOptions,
  nativeLoadOptions,
  outcome,
  tensorrtStatusReport,
} from './tensorrt-common.mjs';

const addon = loadAddon();
const [scenario, ...files] = process.argv.slice(2);

const report = {};
if (scenario === 'status-and-build') {
  report.status = await tensorrtStatusReport(addon);
  report.build = await outcome(addon.buildEngine(nativeBuildOptions(files[0]), () => {}));
} else if (scenario === 'stale-errors') {
  const { readFileSync } = await import('node:fs');
  const first = await addon.loadEngine(readFileSync(files[0]), nativeLoadOptions);
  const second = await addon.loadEngine(readFileSync(files[1]), nativeLoadOptions);
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
