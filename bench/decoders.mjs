#!/usr/bin/env node
// `npm run bench:decoders`: output decoding + NMS per image (trtmap's Postprocessor:
// decode, map back, clip, NMS, top-k) for each model family on its fixture model at
// score threshold 0.001, against the bare ONNX Runtime inference of the same model on
// the same images, measured in the same run (issue 10's target: decoding below 20% of
// the inference time for every family). Needs TRTMAP_FIXTURES, a build (npm run build)
// and the native addon; the EfficientNMS row also needs python3 with numpy, onnx,
// onnxruntime (test/parity/models/ builds the plugin-free graph and the plugin's
// outputs, which ONNX Runtime cannot compute).
//   BENCH_IMAGES (16) images of coco-val2017-subset, BENCH_ROUNDS (5) timings of each,
//   BENCH_ORT_THREADS (ONNX Runtime's default) intra-op threads; the median is reported.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const fixtures = process.env.TRTMAP_FIXTURES;
const imageCount = Number(process.env.BENCH_IMAGES ?? 16);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const threads = process.env.BENCH_ORT_THREADS ? Number(process.env.BENCH_ORT_THREADS) : undefined;
if (!fixtures || !existsSync(path.join(fixtures, 'SHA256SUMS')))
  fail('set TRTMAP_FIXTURES to the fixtures folder');
if (!existsSync(path.join(root, 'dist/pipeline/open.js'))) fail('run npm run build first');

const dist = (file) => import(path.join(root, 'dist', file));
const { openModel } = await dist('pipeline/open.js');
const { nativeImageStage } = await dist('pipeline/image-stage.js');
const { Postprocessor } = await dist('detect/postprocess.js');
const { bindContract, resolveContract, readGraphTensors, readNmsPluginNodes } =
  await dist('contract/index.js');
const { openOnnxRuntime } = await dist('backends/onnxruntime.js');

const at = (relative) => path.join(fixtures, relative);
const annotations = at('datasets/coco-val2017-subset/instances_val2017_subset.json');
const images = JSON.parse(readFileSync(annotations, 'utf8'))
  .images.slice(0, imageCount)
  .map((image) => ({
    id: image.id,
    path: at(`datasets/coco-val2017-subset/images/${image.file_name}`),
  }));
const work = mkdtempSync(path.join(tmpdir(), 'trtmap-bench-decoders-'));

const models = [
  ['yolov5', 'yolov5n', { onnx: at('models/yolov5n/yolov5n_640_exported.onnx') }, {}],
  [
    'yolov8',
    'yolov8n (dequantized)',
    { onnx: at('models/yolov8n/yolov8n_dequant_fp32_op17.onnx') },
    {},
  ],
  [
    'yolox',
    'yolox-nano 416',
    { onnx: at('models/yolox-nano/yolox_nano_416.onnx') },
    { preset: 'yolox' },
  ],
  ['gfl', 'nanodet-m 416', { onnx: at('models/nanodet-m/nanodet_m_416.onnx') }, {}],
  [
    'ssd',
    'SSD MobileNet v1',
    { onnx: at('models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx') },
    {},
  ],
  ['fastestdet', 'FastestDet', { onnx: at('models/fastestdet/FastestDet.onnx') }, {}],
  [
    'darknet',
    'Yolo-Fastest 1.1',
    {
      darknet: {
        cfg: at('models/yolo-fastest-1.1/yolo-fastest-1.1.cfg'),
        weights: at('models/yolo-fastest-1.1/yolo-fastest-1.1.weights'),
      },
    },
    {},
  ],
];

const rows = [];
for (const [family, name, files, contract] of models)
  rows.push(await measure(family, name, files, contract));
const efficient = await measureEfficientNms().catch((error) => {
  process.stderr.write(`efficientnms row skipped: ${error.message.split('\n')[0]}\n`);
  return undefined;
});
if (efficient) rows.push(efficient);
rmSync(work, { recursive: true, force: true });
report(rows);

/** One family: its model on ONNX Runtime, then trtmap's postprocessing of each image's outputs. */
async function measure(family, name, files, contract) {
  const opened = await openModel(files, { contract, backend: 'onnxruntime', threads });
  try {
    const { backend, bound } = opened;
    const stage = nativeImageStage(bound.input);
    const prepared = [];
    for (const image of images) prepared.push(await stage.prepare(image.path));
    const run = (tensor) =>
      backend.run({
        [bound.inputName]: { data: tensor, dims: dimsOf(bound.input), type: bound.input.dtype },
      });
    await run(prepared[0].tensor); // warm-up
    const inference = { wall: [], cpu: [] };
    const outputs = [];
    for (const { tensor } of prepared) {
      const times = [];
      for (let r = 0; r < rounds; r++) {
        const time = await timed(() => run(tensor));
        times.push(time);
        if (r === 0) outputs.push(time.result);
      }
      inference.wall.push(median(times.map((t) => t.wall)));
      inference.cpu.push(median(times.map((t) => t.cpu)));
    }
    const decode = decodeTimes(
      bound,
      outputs,
      prepared.map((p) => p.placement),
    );
    return row(family, name, inference, decode, backend.description);
  } finally {
    await opened.backend.dispose();
  }
}

/** Per image, the median over rounds of Postprocessor.run at threshold 0.001 (after a warm-up pass). */
function decodeTimes(bound, outputs, placements) {
  const postprocessor = new Postprocessor(bound.createDecoder(), {
    ...bound.postprocess,
    scoreThreshold: 0.001,
  });
  const detections = outputs.map((o, i) => postprocessor.run(o, 0, placements[i]).count);
  const wall = [];
  const cpu = [];
  for (let i = 0; i < outputs.length; i++) {
    const each = [];
    for (let r = 0; r < rounds; r++) {
      const usage = process.cpuUsage();
      const started = performance.now();
      postprocessor.run(outputs[i], 0, placements[i]);
      const used = process.cpuUsage(usage);
      each.push({ wall: performance.now() - started, cpu: (used.user + used.system) / 1000 });
    }
    wall.push(median(each.map((t) => t.wall)));
    cpu.push(median(each.map((t) => t.cpu)));
  }
  return { wall, cpu, detections };
}

/**
 * EfficientNMS_TRT: ONNX Runtime runs the graph without the plugin node (the same
 * network) and the reference pipeline computes the plugin's outputs; trtmap decodes those.
 */
async function measureEfficientNms() {
  const model = at('models/yolov5n/yolov5n_640_efficientnms.onnx');
  const job = {
    family: 'efficientnms',
    model,
    dataset: { kind: 'coco', annotations, images: at('datasets/coco-val2017-subset/images') },
    limit: imageCount,
    tensors: path.join(work, 'tensors'),
    write_tensors: imageCount,
    work,
    plugin_outputs: path.join(work, 'plugin-outputs'),
  };
  execFileSync(
    process.env.PYTHON ?? 'python3',
    [path.join(root, 'test/parity/models/reference.py')],
    {
      input: JSON.stringify(job),
      maxBuffer: 1 << 30,
      env: { ...process.env, OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1' },
    },
  );
  const plain = path.join(work, 'yolov5n_640_without_efficientnms.onnx');
  const backend = await openOnnxRuntime(
    { kind: 'onnx', path: plain, bytes: readFileSync(plain) },
    { threads },
  );
  const bytes = readFileSync(model);
  const description = {
    path: model,
    ...readGraphTensors(bytes),
    nmsPlugins: readNmsPluginNodes(bytes),
  };
  const bound = await bindContract(resolveContract(description, {}), description);
  const placements = JSON.parse(
    readFileSync(path.join(work, 'tensors', 'placements.json'), 'utf8'),
  );
  try {
    const inference = { wall: [], cpu: [] };
    const outputs = [];
    const used = [];
    for (const image of images) {
      const { tensor: file, ...placement } = placements[image.path];
      const data = new Float32Array(new Uint8Array(readFileSync(file)).buffer);
      const input = { [backend.inputs[0].name]: { data, dims: [1, 3, 640, 640] } };
      if (outputs.length === 0) await backend.run(input);
      const times = [];
      for (let r = 0; r < rounds; r++) times.push(await timed(() => backend.run(input)));
      inference.wall.push(median(times.map((t) => t.wall)));
      inference.cpu.push(median(times.map((t) => t.cpu)));
      const read = (name) => readFileSync(path.join(work, 'plugin-outputs', `${image.id}.${name}`));
      const int32 = (name) => new Int32Array(new Uint8Array(read(name)).buffer);
      const float32 = (name) => new Float32Array(new Uint8Array(read(name)).buffer);
      outputs.push({
        num_dets: { data: int32('num_dets'), dims: [1, 1] },
        det_boxes: { data: float32('det_boxes'), dims: [1, 100, 4] },
        det_scores: { data: float32('det_scores'), dims: [1, 100] },
        det_classes: { data: int32('det_classes'), dims: [1, 100] },
      });
      used.push(placement);
    }
    const decode = decodeTimes(bound, outputs, used);
    return row(
      'efficientnms',
      'yolov5n + EfficientNMS_TRT',
      inference,
      decode,
      `${backend.description}, plugin-free graph`,
    );
  } finally {
    await backend.dispose();
  }
}

function dimsOf(input) {
  return input.layout === 'nchw'
    ? [1, input.channels, input.height, input.width]
    : [1, input.height, input.width, input.channels];
}

/** Medians over the images; the ratio of decode + NMS to inference, in wall and in CPU time. */
function row(family, name, inference, decode, backend) {
  const inferenceMs = median(inference.wall);
  const decodeMs = median(decode.wall);
  const inferenceCpuMs = median(inference.cpu);
  const decodeCpuMs = median(decode.cpu);
  return {
    family,
    model: name,
    backend,
    inferenceMs,
    decodeMs,
    ratio: decodeMs / inferenceMs,
    worstImageRatio: Math.max(...decode.wall.map((t, i) => t / inference.wall[i])),
    inferenceCpuMs,
    decodeCpuMs,
    cpuRatio: decodeCpuMs / inferenceCpuMs,
    detectionsPerImage: median(decode.detections),
  };
}

function report(rows) {
  const machine = `${cpus()[0].model.trim()}, ${cpus().length} cores, Node ${process.version}`;
  process.stdout.write(
    `${machine}\ncoco-val2017-subset, first ${imageCount} images, median of ${rounds} timings per image, score threshold 0.001, ONNX Runtime ${threads ?? 'default'} intra-op threads\n\n`,
  );
  const header = [
    'family',
    'model',
    'inference ms',
    'decode+NMS ms',
    'ratio',
    'worst image',
    'detections',
  ];
  const cells = rows.map((r) => [
    r.family,
    r.model,
    r.inferenceMs.toFixed(2),
    r.decodeMs.toFixed(3),
    `${(100 * r.ratio).toFixed(1)}%`,
    `${(100 * r.worstImageRatio).toFixed(1)}%`,
    String(r.detectionsPerImage),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...cells.map((r) => r[c].length)));
  for (const line of [header, ...cells])
    process.stdout.write(
      line
        .map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ') + '\n',
    );
  const over = rows.filter((r) => r.ratio >= 0.2);
  process.stdout.write(
    over.length === 0
      ? '\nevery family decodes in under 20% of its inference time\n'
      : `\nover 20%: ${over.map((r) => r.family).join(', ')}\n`,
  );
  process.stdout.write(
    JSON.stringify({ machine, threads, images: imageCount, rounds, rows }) + '\n',
  );
}

/** Wall and CPU (this process, all threads) milliseconds of an async or sync call. */
async function timed(call) {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const result = await call();
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { wall, cpu: (used.user + used.system) / 1000, result };
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function fail(message) {
  process.stderr.write(message + '\n');
  process.exit(1);
}
