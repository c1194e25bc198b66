#!/usr/bin/env node
// GPU micro-benchmarks, plain JavaScript over the addon (runs where only the
// repository, node_modules and build/Release exist): host-to-device bandwidth
// from pinned, pageable and mapped buffers; GPU preprocessing rate; the cost
// of one asynchronous native call around an empty GPU operation.
// Usage: node bench/gpu.mjs [result.json]
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const addonPath = process.env.TRTMAP_NATIVE_PATH || require('node-gyp-build').path(root);
const addon = require(addonPath);

const info = await addon.queryCuda();
if (info.devices.length === 0) {
  console.error(`no CUDA device: ${info.error?.message}`);
  process.exit(1);
}

async function best(runs, body) {
  const times = [];
  for (let run = 0; run < runs; run++) {
    const started = process.hrtime.bigint();
    await body();
    times.push(Number(process.hrtime.bigint() - started) / 1e9);
  }
  times.sort((a, b) => a - b);
  return { best: times[0], median: times[Math.floor(times.length / 2)] };
}

async function bandwidth(stream) {
  const bytes = 256 << 20;
  const device = new addon.DeviceBuffer(bytes);
  const results = {};
  const cases = [
    ['pinned', true, false, false],
    ['pageable', false, false, false],
    ['mapped (copy engine)', true, true, false],
    ['mapped (kernel reads host memory)', true, true, true],
  ];
  for (const [name, pinned, mapped, byKernel] of cases) {
    const host = new addon.HostBuffer(bytes, pinned, mapped);
    new Uint8Array(host.arrayBuffer).fill(3);
    const toDevice = await best(10, () => stream.copy(device, host, 0, 0, bytes, byKernel));
    const toHost = await best(10, () => stream.copy(host, device, 0, 0, bytes, byKernel));
    results[name] = {
      kind: host.kind,
      hostToDeviceGBs: +(bytes / toDevice.best / 1e9).toFixed(2),
      deviceToHostGBs: +(bytes / toHost.best / 1e9).toFixed(2),
    };
    await host.dispose();
  }
  const deviceCopy = new addon.DeviceBuffer(bytes);
  const d2d = await best(10, () => stream.copy(deviceCopy, device, 0, 0, bytes, false));
  results['device to device (read + write)'] = { GBs: +((2 * bytes) / d2d.best / 1e9).toFixed(1) };
  await Promise.all([device.dispose(), deviceCopy.dispose()]);
  return results;
}

function randomRgb(width, height, mapped) {
  const buffer = new addon.HostBuffer(width * height * 3, true, mapped);
  const bytes = new Uint8Array(buffer.arrayBuffer);
  for (let index = 0; index < bytes.length; index++) bytes[index] = (index * 2654435761) >>> 24;
  return { buffer, width, height };
}

async function preprocessRate(stream) {
  const spec = {
    width: 640,
    height: 640,
    resize: 'letterbox',
    anchor: 'center',
    padValue: 114,
    interpolation: 'bilinear',
    channelOrder: 'rgb',
    scale: 1 / 255,
    mean: [0, 0, 0],
    std: [1, 1, 1],
    layout: 'nchw',
    dtype: 'float16',
  };
  const results = {};
  for (const [name, mapped, batch] of [
    ['640x480 pinned, batch 1', false, 1],
    ['640x480 pinned, batch 8', false, 8],
    ['640x480 mapped (read in place), batch 8', true, 8],
  ]) {
    const images = Array.from({ length: batch }, () => randomRgb(640, 480, mapped));
    const output = new addon.DeviceBuffer(640 * 640 * 3 * 2 * batch);
    const scratch = new addon.DeviceBuffer(640 * 480 * 3 * batch + 256 * batch);
    const calls = 2000 / batch;
    await addon.preprocessCuda(images, spec, output, 0, stream, scratch);
    const started = process.hrtime.bigint();
    for (let call = 0; call < calls; call++)
      await addon.preprocessCuda(images, spec, output, 0, stream, scratch);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    results[name] = {
      imagesPerSecond: Math.round((calls * batch) / seconds),
      microsecondsPerCall: +((seconds / calls) * 1e6).toFixed(1),
    };
    await Promise.all([
      output.dispose(),
      scratch.dispose(),
      ...images.map((image) => image.buffer.dispose()),
    ]);
  }
  return results;
}

/** Microseconds per awaited call: median of 5 rounds of `calls`, after a warm-up. */
async function perCall(call, calls = 20000) {
  for (let index = 0; index < 2000; index++) await call();
  const rounds = [];
  for (let round = 0; round < 5; round++) {
    const started = process.hrtime.bigint();
    for (let index = 0; index < calls; index++) await call();
    rounds.push(Number(process.hrtime.bigint() - started) / 1e3 / calls);
  }
  return +rounds.sort((a, b) => a - b)[2].toFixed(2);
}

// A 640x480 RGB image buffer, page-locked, allocated and disposed: with the
// pool of freed blocks (this process) and without it (a child process with
// TRTMAP_PINNED_POOL_MB=0), microseconds per allocation, in the same run.
async function pinnedAllocation() {
  const bytes = 640 * 480 * 3;
  const cycle = async () => {
    const buffer = new addon.HostBuffer(bytes, true, false);
    await buffer.dispose();
  };
  const pooled = await perCall(cycle, 2000);
  const script = `
    const addon = require(${JSON.stringify(addonPath)});
    (async () => {
      const bytes = ${bytes};
      for (let i = 0; i < 200; i++) await new addon.HostBuffer(bytes, true, false).dispose();
      const started = process.hrtime.bigint();
      for (let i = 0; i < 2000; i++) await new addon.HostBuffer(bytes, true, false).dispose();
      console.log(Number(process.hrtime.bigint() - started) / 1e3 / 2000);
    })();`;
  const child = spawnSync(process.execPath, ['-e', script], {
    encoding: 'utf8',
    env: { ...process.env, TRTMAP_PINNED_POOL_MB: '0' },
  });
  return {
    note: '640x480x3 bytes page-locked: HostBuffer + dispose()',
    microsecondsWithPool: pooled,
    microsecondsWithoutPool: +Number(child.stdout.trim()).toFixed(2),
  };
}

// The reference is Node's own thread-pool round trip (fs.promises.stat), the
// floor of any asynchronous native call that runs on libuv's pool.
async function callOverhead(stream) {
  const fourAtOnce = () =>
    Promise.all([
      stream.synchronize(),
      stream.synchronize(),
      stream.synchronize(),
      stream.synchronize(),
    ]);
  return {
    note: 'await stream.synchronize() on an idle stream: worker queue + cudaStreamSynchronize + promise; median of 5 rounds',
    microsecondsPerCallSequential: await perCall(() => stream.synchronize()),
    microsecondsPerCallFourInFlight: +((await perCall(fourAtOnce, 5000)) / 4).toFixed(2),
    nodeThreadPoolRoundTripMicroseconds: await perCall(() => stat('/')),
  };
}

const stream = new addon.Stream();
const report = {
  device: info.devices[0],
  driverVersion: info.driverVersion,
  runtimeVersion: info.runtimeVersion,
  node: process.version,
  bandwidth: await bandwidth(stream),
  copyEnginePeakNote:
    'PCIe 5.0 x16: 63 GB/s per direction theoretical (about 55 GB/s achievable); PCIe 4.0 x16: 31.5 GB/s',
  preprocess: await preprocessRate(stream),
  asyncCallOverhead: await callOverhead(stream),
  pinnedAllocation: await pinnedAllocation(),
};
await stream.dispose();
const text = JSON.stringify(report, null, 2);
console.log(text);
if (process.argv[2]) writeFileSync(process.argv[2], text + '\n');
