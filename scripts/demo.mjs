#!/usr/bin/env node
// `npm run demo`: the README's main job on the fixtures. Evaluates the three
// fixture models (Yolo-Fastest converted from darknet by trtmap, FastestDet,
// SSD MobileNet v1) on tiny-coco and voc100 with `trtmap eval` on the best
// backend present, prints each run's tables, then a summary.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const cli = path.join(root, 'dist/cli/main.js');
// TRTMAP_FIXTURES when set; otherwise the fixtures beside the clone
// (../shared/fixtures, where the README's layout puts them).
const besideClone = path.resolve(root, '../shared/fixtures');
const fixtures =
  process.env.TRTMAP_FIXTURES ||
  (existsSync(path.join(besideClone, 'SHA256SUMS')) ? besideClone : undefined);

if (!fixtures || !existsSync(path.join(fixtures, 'SHA256SUMS'))) {
  fail(
    [
      fixtures
        ? `TRTMAP_FIXTURES=${fixtures} is not the fixtures folder (it has no SHA256SUMS).`
        : `TRTMAP_FIXTURES is not set and ${besideClone} has no fixtures.`,
      'Set it to the folder of trtmap test fixtures (models/, images/, datasets/) and run again, e.g.:',
      '  TRTMAP_FIXTURES=/path/to/fixtures npm run demo',
    ].join('\n'),
  );
}
if (!existsSync(cli)) fail('dist/cli/main.js is missing: run `npm run build` first.');

const at = (relative) => path.join(fixtures, relative);
const work = mkdtempSync(path.join(tmpdir(), 'trtmap-demo-'));
process.on('exit', () => rmSync(work, { recursive: true, force: true }));

const yolo = path.join(work, 'yolo-fastest-1.1.onnx');
const darknet = at('models/yolo-fastest-1.1/yolo-fastest-1.1');
trtmap(['convert', 'darknet', `${darknet}.cfg`, `${darknet}.weights`, '-o', yolo]);

const models = [
  ['Yolo-Fastest-1.1 (darknet, converted)', ['--onnx', yolo, '--preset', 'yolo']],
  ['FastestDet', ['--onnx', at('models/fastestdet/FastestDet.onnx'), '--preset', 'fastestdet']],
  [
    'SSD MobileNet v1 0.75',
    [
      '--onnx',
      at('models/ssd-mobilenet-v1-075-quant/ssd_mobilenet_v1_dequant.onnx'),
      '--preset',
      'ssd-mobilenet-v1',
    ],
  ],
];
const datasets = [
  [
    'tiny-coco',
    [
      '--coco',
      at('datasets/tiny-coco/instances.json'),
      '--images',
      at('datasets/tiny-coco/images'),
    ],
  ],
  ['voc100', ['--voc', at('datasets/voc100')]],
];

const summary = [];
for (const [model, modelArgs] of models) {
  for (const [dataset, datasetArgs] of datasets) {
    process.stdout.write(`\n=== ${model} on ${dataset} ===\n`);
    const output = trtmap(['eval', ...modelArgs, ...datasetArgs], true);
    const number = (pattern) => Number(pattern.exec(output)?.[1] ?? NaN);
    summary.push([
      model,
      dataset,
      number(/IoU=0\.50:0\.95 \| area= {3}all \| maxDets=100 \] = ([\d.]+)/).toFixed(3),
      number(/IoU=0\.50 {6}\| area= {3}all \| maxDets=100 \] = ([\d.]+)/).toFixed(3),
      number(/mAP@0\.5 = ([\d.]+)/).toFixed(4),
      number(/([\d.]+) images\/s/).toFixed(1),
    ]);
  }
}
process.stdout.write(
  '\n=== summary ===\n' +
    table(['model', 'dataset', 'COCO AP', 'AP50', 'VOC mAP', 'images/s'], summary) +
    '\n',
);

function trtmap(args, show = false) {
  const run = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (show) process.stdout.write(run.stdout);
  if (run.status !== 0) fail(`trtmap ${args[0]} failed:\n${run.stderr}`);
  const notes = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('trtmap: ') && !line.includes('progress'));
  if (show && notes.length > 0) process.stdout.write(notes.join('\n') + '\n');
  return run.stdout;
}

function table(headers, rows) {
  const widths = headers.map((header, column) =>
    Math.max(header.length, ...rows.map((row) => row[column].length)),
  );
  const line = (cells) =>
    cells
      .map((cell, column) =>
        column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]),
      )
      .join('  ');
  return [line(headers), ...rows.map(line)].join('\n');
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}
