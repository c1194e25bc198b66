// Run with --expose-gc. Starts native work, drops every JavaScript reference
// to its arguments and collects garbage while it runs; the work must finish
// with correct results. Then allocates and drops HostBuffers under GC and
// checks that memory is given back. Prints a JSON summary.
import { loadAddon, spec } from './load-addon.mjs';

const image = process.argv[2];
const addon = loadAddon();

async function preprocessWithDroppedReferences() {
  const decoded = await addon.decodeImage(image, true, false);
  const expected = new addon.HostBuffer(3 * 320 * 320 * 4, true, false);
  await addon.preprocessCpu([decoded], spec, expected, 0);
  const reference = new Float32Array(expected.arrayBuffer).slice();
  const pending = [];
  for (let index = 0; index < 20; index++) {
    // Only the promise is kept: the output and input wrappers are garbage.
    const output = new addon.HostBuffer(3 * 320 * 320 * 4, true, false);
    const view = new Float32Array(output.arrayBuffer);
    pending.push(addon.preprocessCpu([{ ...decoded }], spec, output, 0).then(() => view));
  }
  for (let round = 0; round < 5; round++) globalThis.gc();
  const views = await Promise.all(pending);
  return views.every((view) => view.every((value, at) => value === reference[at]));
}

async function decodesUnderGc() {
  const pending = Array.from({ length: 20 }, () => addon.decodeImage(image, true, false));
  globalThis.gc();
  const results = await Promise.all(pending);
  return results.every(
    (result) => result.width > 0 && result.buffer.byteLength === result.width * result.height * 3,
  );
}

async function allocationChurn() {
  const rss = () => process.memoryUsage().rss;
  const churn = async (count) => {
    for (let index = 0; index < count; index++) {
      new Uint8Array(new addon.HostBuffer(1 << 20, true, false).arrayBuffer).fill(1);
      if (index % 50 === 0) {
        globalThis.gc();
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
    globalThis.gc();
  };
  await churn(200);
  const before = rss();
  await churn(2000); // 2 GB allocated in total, 1 MB at a time
  return { before, after: rss() };
}

const summary = {
  preprocessCorrect: await preprocessWithDroppedReferences(),
  decodesCorrect: await decodesUnderGc(),
  memory: await allocationChurn(),
};
console.log(JSON.stringify(summary));
