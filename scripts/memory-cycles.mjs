// Diagnoses host/device memory across allocate/dispose cycles:
// node --expose-gc scripts/memory-cycles.mjs [cycles] [round] [host|device|both]
import { createRequire } from 'node:module';

const addon = createRequire(import.meta.url)('../build/Release/trtmap.node');
const cycles = Number(process.argv[2] ?? 100000);
const round = Number(process.argv[3] ?? 25000);
const kind = process.argv[4] ?? 'both';
async function main() {
  const mb = (bytes) => (bytes / 1048576).toFixed(1);
  let done = 0;
  const report = async (label) => {
    global.gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
    global.gc();
    const usage = process.memoryUsage();
    console.log(
      `${label} ${done} cycles: rss ${mb(usage.rss)} MB heap ${mb(usage.heapUsed)} MB external ${mb(usage.external)} MB arrayBuffers ${mb(usage.arrayBuffers)} MB`,
    );
  };
  await report(kind);
  while (done < cycles) {
    for (let i = 0; i < round; i++, done++) {
      const work = [];
      if (kind !== 'host') work.push(new addon.DeviceBuffer(1 << 20).dispose());
      if (kind !== 'device') {
        const host = new addon.HostBuffer(64 << 10, true, false);
        new Uint8Array(host.arrayBuffer)[0] = 1;
        work.push(host.dispose());
      }
      await Promise.all(work);
    }
    await report(kind);
  }
}
main();
