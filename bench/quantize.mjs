// FP32 vs trtmap's FP16 and INT8 (Q/DQ) vs onnxruntime's own quantizer and float16 converter,
// all scored by trtmap on ONNX Runtime (CPU) on the same evaluation images, calibrated on other
// images; plus INT8 vs FP32 images/s on ONNX Runtime, measured in the same run.
//   TRTMAP_FIXTURES=../shared/fixtures node bench/quantize.mjs [--limit N] [--calib-count N]
//     [--models yolov5n,yolov8n,yolox,ssd,fastestdet] [--skip-ort] [--skip-fp16] [--work DIR]
//     [--methods sqnr,entropy,minmax,percentile]
// `sqnr` is trtmap's default (its SQNR floor and underflow limit on); the other methods run
// pure (both off), so their columns are the textbook calibrators.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate } from '../dist/pipeline/evaluate.js';
import { openModel } from '../dist/pipeline/open.js';
import { benchmarkBackend } from '../dist/compare/speed.js';
import { sampleInputs } from '../dist/compare/samples.js';
import { openDataset } from '../dist/pipeline/evaluate.js';
import { quantizeModelFile } from '../dist/quantize/model-file.js';
import { imageCalibrationFeed, listCalibrationImages } from '../dist/quantize/images.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index < 0 ? fallback : args[index + 1];
};
const fixtures = process.env.TRTMAP_FIXTURES ?? path.join(here, '../../shared/fixtures');
const limit = Number(option('limit', 188));
const calibCount = Number(option('calib-count', 64));
const catalog = {
  ssd: {
    file: 'models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx',
    preset: 'ssd-mobilenet-v1',
  },
  fastestdet: { file: 'models/fastestdet/FastestDet.onnx', preset: 'fastestdet' },
  // Every model with its preset's own preprocessing (yolov5's INTER_AREA, YOLOX's keep-ratio)
  // for every leg alike.
  yolov5n: { file: 'models/yolov5n/yolov5n_640_exported.onnx', preset: 'yolov5' },
  yolov8n: {
    file: 'models/yolov8n/yolov8n_dequant_fp32_op17.onnx',
    preset: 'yolov8',
    // The publisher's own INT8 file (onnxruntime dynamic quantization), beside its FP32 one.
    extra: { 'publisher INT8 dynamic': 'models/yolov8n/yolov8n_int8_dynamic.onnx' },
  },
  yolox: { file: 'models/yolox-nano/yolox_nano_416.onnx', preset: 'yolox' },
};
const models = option('models', 'yolov5n,yolov8n,yolox,ssd').split(',');
const skipOrt = args.includes('--skip-ort');
const skipFp16 = args.includes('--skip-fp16');
const methods = option('methods', 'sqnr,entropy,minmax,percentile').split(',');
const val = path.join(fixtures, 'datasets/coco-val2017-subset');
const dataset = {
  coco: {
    annotations: path.join(val, 'instances_val2017_subset.json'),
    images: path.join(val, 'images'),
  },
};
const calibDir = path.join(fixtures, 'datasets/coco-train2017-subset/images');
// /tmp is shared: a fresh folder per run unless --work names one (to keep the models).
const work =
  option('work', undefined) ?? mkdtempSync(path.join(os.tmpdir(), 'trtmap-bench-quantize-'));
mkdirSync(work, { recursive: true });
const log = (line) => process.stderr.write(`${line}\n`);

async function score(onnx, contract) {
  const result = await evaluate({
    model: { onnx },
    dataset,
    contract,
    backend: 'onnxruntime',
    limit,
  });
  return { map: result.scores.coco.stats[0] * 100, map50: result.scores.coco.stats[1] * 100 };
}

async function imagesPerSecond(onnx, contract, sample) {
  const opened = await openModel({ onnx }, { contract, backend: 'onnxruntime' });
  try {
    return (
      await benchmarkBackend(opened.backend, sample, {
        durationSeconds: 5,
        warmupSeconds: 0.5,
        iterations: 20,
      })
    ).imagesPerSecond;
  } finally {
    await opened.backend.dispose();
  }
}

const rows = [];
for (const key of models) {
  const { file, preset, flags, extra = {} } = catalog[key];
  const contract = flags ? { preset, flags } : { preset };
  const source = path.join(fixtures, file);
  const dir = path.join(work, key);
  mkdirSync(dir, { recursive: true });
  const opened = await openModel({ onnx: source }, { contract, backend: 'onnxruntime' });
  const input = { name: opened.bound.inputName, spec: opened.bound.input };
  await opened.backend.dispose();
  // The same preprocessed calibration tensors for trtmap and onnxruntime.
  const files = listCalibrationImages(calibDir, calibCount);
  const tensors = [];
  for await (const batch of imageCalibrationFeed(files, input)())
    tensors.push(batch[input.name].data);
  const raw = path.join(dir, 'calib.f32');
  writeFileSync(
    raw,
    Buffer.concat(tensors.map((t) => Buffer.from(t.buffer, t.byteOffset, t.byteLength))),
  );
  log(`${key}: onnxruntime references`);
  if (!skipOrt)
    execFileSync(
      'python3',
      [
        path.join(here, 'quantize_reference.py'),
        source,
        raw,
        input.name,
        `1,3,${input.spec.height},${input.spec.width}`,
        dir,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
  const variants = { FP32: source };
  for (const [name, relative] of Object.entries(extra))
    variants[name] = path.join(fixtures, relative);
  for (const method of methods) {
    const output = path.join(dir, `trtmap-int8-${method}.onnx`);
    log(`${key}: trtmap int8 ${method}`);
    const result = await quantizeModelFile({
      onnx: source,
      precision: 'int8',
      output,
      contract,
      calibImages: calibDir,
      calibCount,
      method,
      ...(method === 'sqnr' ? {} : { sqnrFloorDb: 0, maxUnderflow: 1 }),
    });
    if (method === 'sqnr')
      log(
        `${key}: sqnr thresholds ${JSON.stringify(result.rules)}; kept in float: ${JSON.stringify(result.keptFloatTensors)}`,
      );
    variants[method === 'sqnr' ? 'trtmap INT8 sqnr (default)' : `trtmap INT8 ${method}`] = output;
  }
  if (!skipFp16) {
    log(`${key}: trtmap fp16`);
    await quantizeModelFile({
      onnx: source,
      precision: 'fp16',
      output: path.join(dir, 'trtmap-fp16.onnx'),
      contract,
      calibImages: calibDir,
      calibCount: 16,
    });
    variants['trtmap FP16'] = path.join(dir, 'trtmap-fp16.onnx');
  }
  for (const method of ['minmax', 'entropy', 'percentile'])
    variants[`ORT INT8 ${method}`] = path.join(dir, `ort-int8-${method}.onnx`);
  variants['ORT FP16 (float16.py)'] = path.join(dir, 'ort-fp16.onnx');
  for (const [name, onnx] of Object.entries(variants)) if (!existsSync(onnx)) delete variants[name];
  const scores = {};
  for (const [name, onnx] of Object.entries(variants)) {
    log(`${key}: scoring ${name}`);
    try {
      scores[name] = await score(onnx, contract);
    } catch (error) {
      scores[name] = { error: String(error.message ?? error).split('\n')[0] };
    }
  }
  const [sample] = await sampleInputs((await openDataset(dataset)).images, opened.bound, 1);
  // Both rates back to back, so the shared machine's load is as alike as it gets.
  const fp32Rate = await imagesPerSecond(source, contract, sample);
  const int8Variant = Object.keys(variants).find((name) => name.startsWith('trtmap INT8'));
  const int8Rate = await imagesPerSecond(variants[int8Variant], contract, sample);
  rows.push({ model: key, scores, fp32Rate, int8Rate, int8Variant, load: os.loadavg() });
  log(JSON.stringify(rows.at(-1)));
}
const fmt = (value) => (value === undefined ? '-' : value.toFixed(2));
for (const row of rows) {
  const fp32 = row.scores.FP32;
  console.log(
    `\n${row.model} (coco-val2017-subset, ${limit} images; calibration: coco-train2017-subset, ${calibCount} images)`,
  );
  console.log('| model | mAP@[.5:.95] | mAP@.5 | diff vs FP32 (points) |\n|---|---|---|---|');
  for (const [name, value] of Object.entries(row.scores)) {
    if (value.error) console.log(`| ${name} | failed: ${value.error} | | |`);
    else
      console.log(
        `| ${name} | ${fmt(value.map)} | ${fmt(value.map50)} | ${name === 'FP32' ? '-' : fmt(value.map - fp32.map)} |`,
      );
  }
  console.log(
    `\nONNX Runtime CPU images/s: FP32 ${row.fp32Rate.toFixed(1)}, ${row.int8Variant} ${row.int8Rate.toFixed(1)} (${(row.int8Rate / row.fp32Rate).toFixed(2)}x); load average ${row.load.map((v) => v.toFixed(1)).join(' ')}`,
  );
}
