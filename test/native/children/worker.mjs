// A worker thread that loads the addon, decodes and preprocesses an image and
// posts a checksum back.
import { parentPort, workerData } from 'node:worker_threads';
import { loadAddon, spec } from './load-addon.mjs';

const addon = loadAddon();
const decoded = await addon.decodeImage(workerData.image, true, false);
const output = new addon.HostBuffer(3 * 320 * 320 * 4, true, false);
await addon.preprocessCpu([decoded], spec, output, 0);
const sum = new Float32Array(output.arrayBuffer).reduce((total, value) => total + value, 0);
await output.dispose();
parentPort.postMessage({ width: decoded.width, height: decoded.height, sum });
