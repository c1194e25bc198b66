// Runs in a child process whose TRTMAP_TENSORRT_LIB_DIR points at a fake
// libnvinfer (TensorRT stays loaded for the life of a process): prints what
// tensorrtStatus, loadEngine and buildEngine report, as JSON.
import { loadAddon } from './load-addon.mjs';
import {
  nativeBuildOptions,
  nativeLoadOptions,
  outcome,
  tensorrtStatusReport,
} from './tensorrt-common.mjs';

const addon = loadAddon();
const [model] = process.argv.slice(2);

const options = nativeBuildOptions(model, 'fp16');

const report = {
  status: await tensorrtStatusReport(addon),
  loadEngine: await outcome(addon.loadEngine(new Uint8Array(1024), nativeLoadOptions)),
  buildEngine: await outcome(addon.buildEngine(options, () => {})),
  buildMissingModel: await outcome(
    addon.buildEngine({ ...options, modelPath: `${model}.missing` }, () => {}),
  ),
};
process.stdout.write(JSON.stringify(report));
