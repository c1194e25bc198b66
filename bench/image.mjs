#!/usr/bin/env node
// Decode + preprocess throughput on the fixture JPEGs (from memory), with 1
// and 2 threads, against OpenCV-python's imdecode + resize in the same run.
// Preprocessing: 416x416 letterbox, bilinear, RGB, /255, NCHW float32 (what
// a YOLO model takes); BENCH_INTERPOLATION=area measures yolov5's rule
// (cv2.INTER_AREA when shrinking) on both sides instead. Prints a table, then JSON.
// Usage: TRTMAP_FIXTURES=../shared/fixtures npm run bench:image
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fixtures = process.env.TRTMAP_FIXTURES ?? path.join(root, '..', 'shared', 'fixtures');
const folders = ['images', 'datasets/tiny-coco/images', 'datasets/voc100/JPEGImages'];
const files = folders.flatMap((folder) =>
  readdirSync(path.join(fixtures, folder))
    .filter((name) => name.endsWith('.jpg'))
    .map((name) => path.join(fixtures, folder, name)),
);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const interpolation = process.env.BENCH_INTERPOLATION === 'area' ? 'area' : 'bilinear';
const spec = {
  width: 416,
  height: 416,
  resize: 'letterbox',
  anchor: 'center',
  padValue: 114,
  interpolation,
  rounding: 'half-even',
  channelOrder: 'rgb',
  scale: 1 / 255,
  mean: [0, 0, 0],
  std: [1, 1, 1],
  layout: 'nchw',
  dtype: 'float32',
};

// One measurement in a child process: UV_THREADPOOL_SIZE must be set before
// the pool starts, and it bounds the native threads to `threads`.
async function measureTrtmap(threads) {
  const require = createRequire(import.meta.url);
  const addon = require(process.env.TRTMAP_NATIVE_PATH || require('node-gyp-build').path(root));
  const inputs = files.map((file) => readFileSync(file));
  const outputs = Array.from(
    { length: threads },
    () => new addon.HostBuffer(416 * 416 * 3 * 4, false, false),
  );
  let next = 0;
  const total = inputs.length * rounds;
  async function pipeline(lane) {
    while (next < total) {
      const input = inputs[next++ % inputs.length];
      const decoded = await addon.decodeImage(input, false, false);
      await addon.preprocessCpu([decoded], spec, outputs[lane], 0);
      await decoded.buffer.dispose();
    }
  }
  await pipeline(0); // warm-up pass over the first round's budget is excluded below
  next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: threads }, (_, lane) => pipeline(lane)));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return total / seconds;
}

const opencvScript = `
import sys, time, json, numpy as np, cv2
from concurrent.futures import ThreadPoolExecutor
cv2.setNumThreads(1)
files, threads, rounds = sys.argv[5:], int(sys.argv[1]), int(sys.argv[2])
data = [np.frombuffer(open(f, 'rb').read(), np.uint8) for f in files]
def run(buffer):
    image = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    h, w = image.shape[:2]
    r = min(416 / w, 416 / h)
    nw, nh = round(w * r), round(h * r)
    canvas = np.full((416, 416, 3), 114, np.uint8)
    top, left = (416 - nh) // 2, (416 - nw) // 2
    shrink = sys.argv[4] == 'area' and nw <= w and nh <= h
    canvas[top:top + nh, left:left + nw] = cv2.resize(image, (nw, nh), interpolation=cv2.INTER_AREA if shrink else cv2.INTER_LINEAR)
    rgb = cv2.cvtColor(canvas, cv2.COLOR_BGR2RGB)
    return np.ascontiguousarray((rgb.astype(np.float32) * (1 / 255)).transpose(2, 0, 1))
for buffer in data: run(buffer)
work = data * rounds
start = time.perf_counter()
with ThreadPoolExecutor(threads) as pool:
    for _ in pool.map(run, work): pass
print(json.dumps(len(work) / (time.perf_counter() - start)))
`;

function measureOpenCv(threads) {
  const output = execFileSync(
    process.env.PYTHON ?? 'python3',
    ['-c', opencvScript, String(threads), String(rounds), '-', interpolation, ...files],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    },
  );
  return JSON.parse(output);
}

if (process.argv[2] === '--child') {
  console.log(JSON.stringify(await measureTrtmap(Number(process.argv[3]))));
} else {
  const rows = [];
  for (const threads of [1, 2]) {
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--child', String(threads)],
      {
        encoding: 'utf8',
        env: { ...process.env, UV_THREADPOOL_SIZE: String(threads) },
      },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    const trtmap = JSON.parse(child.stdout);
    let opencv = null;
    try {
      opencv = measureOpenCv(threads);
    } catch (error) {
      console.error(`OpenCV reference unavailable: ${error.message.split('\n')[0]}`);
    }
    rows.push({
      threads,
      trtmapImagesPerSecond: Math.round(trtmap),
      opencvImagesPerSecond: opencv && Math.round(opencv),
    });
  }
  console.log(
    `decode + preprocess (416x416 letterbox, ${interpolation}, /255, NCHW float32), ${files.length} fixture JPEGs x ${rounds}`,
  );
  console.log(
    `machine: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} cores, node ${process.version}\n`,
  );
  console.log('| threads | trtmap (images/s) | OpenCV-python imdecode+resize (images/s) | ratio |');
  console.log('|---|---|---|---|');
  for (const row of rows) {
    const ratio = row.opencvImagesPerSecond
      ? (row.trtmapImagesPerSecond / row.opencvImagesPerSecond).toFixed(2)
      : '-';
    console.log(
      `| ${row.threads} | ${row.trtmapImagesPerSecond} | ${row.opencvImagesPerSecond ?? '-'} | ${ratio} |`,
    );
  }
  console.log('\n' + JSON.stringify({ images: files.length, rounds, spec, rows }, null, 2));
}
