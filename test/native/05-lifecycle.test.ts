import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { HostBuffer } from '../../lib/cuda/host_buffer.js';
import { decodeImage } from '../../lib/image/decode.js';
import { preprocessOnCpu } from '../../lib/image/preprocess.js';
import { fixture, fixturesRoot } from '../helpers/fixtures.js';
import { randomImage } from '../helpers/images.js';
import { native } from '../helpers/native.js';

const children = path.join(path.dirname(fileURLToPath(import.meta.url)), 'children');
const canRun = native !== undefined && fixturesRoot !== undefined;

function runChild(script: string, args: string[], nodeOptions: string[] = []) {
  return spawnSync(process.execPath, [...nodeOptions, path.join(children, script), ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe.skipIf(!canRun)('lifecycle: teardown, GC, workers, asynchrony', () => {
  const image = canRun ? fixture('images/dog.jpg') : '';

  it.each([
    'loaded',
    'buffers-alive',
    'decode-pending',
    'preprocess-pending',
    'exit-in-callback',
    'worker-terminated',
  ])('a process that exits at stage %s exits cleanly', (stage) => {
    const result = runChild('teardown.mjs', [stage, image]);
    expect(result.signal, result.stderr).toBeNull();
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('work in flight survives garbage collection of its arguments; HostBuffers are freed by GC', () => {
    const result = runChild('gc-in-flight.mjs', [image], ['--expose-gc']);
    expect(result.status, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout);
    expect(summary.preprocessCorrect).toBe(true);
    expect(summary.decodesCorrect).toBe(true);
    // 2 GB went through 1 MB buffers; what stays must be far less.
    expect(summary.memory.after - summary.memory.before).toBeLessThan(200 * 2 ** 20);
  });

  it('loads and works in several worker threads at once', async () => {
    const runs = Array.from(
      { length: 3 },
      () =>
        new Promise<{ width: number; sum: number }>((resolve, reject) => {
          const worker = new Worker(path.join(children, 'worker.mjs'), { workerData: { image } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    );
    const results = await Promise.all(runs);
    expect(results.map((result) => result.width)).toEqual([768, 768, 768]);
    expect(new Set(results.map((result) => result.sum)).size).toBe(1);
  });

  it('async really is async: the event loop turns while native work runs', async () => {
    const source = randomImage(1920, 1080, 3);
    let turns = 0;
    const timer = setInterval(() => turns++, 0);
    const started = performance.now();
    await preprocessOnCpu([source, source, source, source], {
      width: 1920,
      height: 1920,
      interpolation: 'darknet',
    });
    clearInterval(timer);
    expect(performance.now() - started).toBeGreaterThan(20);
    expect(turns).toBeGreaterThan(0);
  });

  it('dispose while work is pending waits for it; the work completes, then memory is freed', async () => {
    const decoded = await decodeImage(image);
    const spec = { width: 640, height: 640, interpolation: 'darknet' as const };
    const output = HostBuffer.allocate(640 * 640 * 3 * 4);
    const view = output.view(Float32Array);
    const order: string[] = [];
    const work = preprocessOnCpu([decoded], spec, { output }).then((result) => {
      order.push('work');
      return result.transforms;
    });
    const disposals = [output.dispose(), decoded.pixels.dispose()].map((promise) =>
      promise.then(() => order.push('disposed')),
    );
    expect(output.disposed).toBe(true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]); // the work (tens of milliseconds) holds the disposal back
    expect(view.length).toBe(640 * 640 * 3); // still attached while the work runs
    await expect(preprocessOnCpu([decoded], spec)).rejects.toMatchObject({ code: 'ERR_DISPOSED' });
    expect((await work)[0]).toMatchObject({ sourceWidth: 768, sourceHeight: 576 });
    await Promise.all(disposals);
    expect(order.sort()).toEqual(['disposed', 'disposed', 'work']);
    expect(view.length).toBe(0);
  });
});
