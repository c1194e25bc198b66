#!/usr/bin/env node
// `npm run bench:pipeline`: `trtmap eval`'s pipeline images/s (decode,
// preprocess, inference, output decoding + NMS, COCO/VOC scoring, all
// overlapped) against the bare inference rate of the same backend on the same
// model (session.run on one fixed tensor, back to back), measured in the same
// run. Needs TRTMAP_FIXTURES, a build (npm run build) and the native addon.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const fixtures = process.env.TRTMAP_FIXTURES;
const runs = Number(process.env.BENCH_RUNS ?? 3);
const bareRuns = Number(process.env.BENCH_BARE_RUNS ?? 200);
// BENCH_ORT_THREADS=1 (with UV_THREADPOOL_SIZE=1) gives inference one core and
// decode + preprocess the other: the inference-bound case the issue's
// "at most 10% lost" target is about, on a machine without a GPU.
const ortThreads = process.env.BENCH_ORT_THREADS
  ? Number(process.env.BENCH_ORT_THREADS)
  : undefined;
if (!fixtures || !existsSync(path.join(fixtures, 'SHA256SUMS')))
  fail('set TRTMAP_FIXTURES to the fixtures folder');
if (!existsSync(path.join(root, 'dist/pipeline/evaluate.js'))) fail('run npm run build first');

const { evaluate } = await import(path.join(root, 'dist/pipeline/evaluate.js'));
const { convertDarknetFiles } = await import(path.join(root, 'dist/darknet/index.js'));
const { openOnnxRuntime } = await import(path.join(root, 'dist/backends/onnxruntime.js'));
const { readFileSync } = await import('node:fs');

const at = (relative) => path.join(fixtures, relative);
const work = mkdtempSync(path.join(tmpdir(), 'trtmap-bench-pipeline-'));
const yolo = path.join(work, 'yolo-fastest-1.1.onnx');
const darknet = at('models/yolo-fastest-1.1/yolo-fastest-1.1');
writeFileSync(yolo, convertDarknetFiles(`${darknet}.cfg`, `${darknet}.weights`).onnx);

const models = [
  ['yolo-fastest-1.1', yolo, 'yolo', 320],
  ['fastestdet', at('models/fastestdet/FastestDet.onnx'), 'fastestdet', 352],
  [
    'ssd-mobilenet-v1',
    at('models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx'),
    'ssd-mobilenet-v1',
    300,
  ],
];
const dataset = { voc: { root: at('datasets/voc100') } };

const rows = [];
for (const [name, file, preset, size] of models) {
  const bare = await bareRate(file, size);
  let best;
  for (let run = 0; run < runs; run++) {
    const result = await evaluate({
      model: { onnx: file },
      dataset,
      preset,
      backend: 'onnxruntime',
      threads: ortThreads,
    });
    if (!best || result.run.imagesPerSecond > best.run.imagesPerSecond) best = result;
  }
  const pipeline = best.run.imagesPerSecond;
  const perImage = (ms) => (ms / best.run.processed).toFixed(2);
  rows.push({
    model: name,
    bareImagesPerSecond: bare,
    pipelineImagesPerSecond: pipeline,
    ratio: pipeline / bare,
    overheadMsPerImage: 1000 / pipeline - 1000 / bare,
    stageMsPerImage: {
      prepare: perImage(best.run.timing.prepareMs),
      inference: perImage(best.run.timing.inferenceMs),
      postprocess: perImage(best.run.timing.postprocessMs),
      scoring: perImage(best.run.timing.scoringMs),
    },
  });
}
rmSync(work, { recursive: true, force: true });

const machine = `${cpus()[0].model.trim()}, ${cpus().length} cores, Node ${process.version}`;
process.stdout.write(
  `${machine}\nvoc100 (100 images), ONNX Runtime CPU (${ortThreads ?? 'default'} intra-op threads, UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? 'default'}), batch 1, best of ${runs} pipeline runs\n\n`,
);
const header = [
  'model',
  'bare img/s',
  'pipeline img/s',
  'ratio',
  'overhead ms/img',
  'prep',
  'infer',
  'post',
  'score',
];
const cells = rows.map((row) => [
  row.model,
  row.bareImagesPerSecond.toFixed(1),
  row.pipelineImagesPerSecond.toFixed(1),
  row.ratio.toFixed(2),
  row.overheadMsPerImage.toFixed(2),
  row.stageMsPerImage.prepare,
  row.stageMsPerImage.inference,
  row.stageMsPerImage.postprocess,
  row.stageMsPerImage.scoring,
]);
const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
for (const line of [header, ...cells])
  process.stdout.write(
    line
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
      .join('  ') + '\n',
  );
process.stdout.write(JSON.stringify({ machine, ortThreads, rows }) + '\n');

/** session.run on one fixed input, back to back, after a warm-up: the backend's bare rate. */
async function bareRate(file, size) {
  const backend = await openOnnxRuntime(
    { kind: 'onnx', path: file, bytes: readFileSync(file) },
    { threads: ortThreads },
  );
  const input = {
    [backend.inputs[0].name]: {
      data: new Float32Array(3 * size * size).fill(0.5),
      dims: [1, 3, size, size],
    },
  };
  for (let i = 0; i < 10; i++) await backend.run(input);
  const started = performance.now();
  for (let i = 0; i < bareRuns; i++) await backend.run(input);
  const seconds = (performance.now() - started) / 1000;
  await backend.dispose();
  return bareRuns / seconds;
}

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(1);
}
