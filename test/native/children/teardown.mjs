// Exits (or ends a worker) at one lifecycle stage; the parent checks that the
// process exits cleanly (code 0, no crash) at every stage.
import { Worker, isMainThread, workerData } from 'node:worker_threads';
import { loadAddon, spec } from './load-addon.mjs';

const [stage, image] = isMainThread ? process.argv.slice(2) : workerData;
const addon = loadAddon();
const keep = [];

async function decodeMany(count) {
  return Array.from({ length: count }, () => addon.decodeImage(image, true, false));
}

switch (stage) {
  case 'loaded':
    break;
  case 'buffers-alive':
    for (let index = 0; index < 100; index++) {
      const buffer = new addon.HostBuffer(1 << 16, true, false);
      keep.push(new Uint8Array(buffer.arrayBuffer).fill(index));
    }
    break;
  case 'decode-pending':
    keep.push(await decodeMany(8));
    process.exit(0);
    break;
  case 'preprocess-pending': {
    const decoded = await addon.decodeImage(image, true, false);
    const output = new addon.HostBuffer(3 * 320 * 320 * 4 * 16, true, false);
    const images = Array.from({ length: 16 }, () => decoded);
    keep.push(addon.preprocessCpu(images, spec, output, 0));
    keep.push(decoded.buffer.dispose(), output.dispose()); // both wait for the work
    process.exit(0);
    break;
  }
  case 'exit-in-callback':
    (await decodeMany(4))[0].then(() => process.exit(0));
    break;
  case 'worker-terminated': {
    const worker = new Worker(new URL(import.meta.url), {
      workerData: ['decode-pending-in-worker', image],
    });
    worker.on('online', () => setTimeout(() => worker.terminate(), 5));
    break;
  }
  case 'decode-pending-in-worker':
    keep.push(await decodeMany(16));
    keep.push(new addon.HostBuffer(1 << 20, true, false).arrayBuffer);
    await new Promise(() => {}); // until terminated
    break;
  default:
    throw new Error(`unknown stage ${stage}`);
}
