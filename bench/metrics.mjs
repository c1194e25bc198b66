#!/usr/bin/env node
// `npm run bench:metrics`: `trtmap score` end to end (process start, JSON
// loading, evaluation, printing) against pycocotools on the same machine in
// the same run, on the synthetic COCO-val-sized set of
// ../shared/tools/synth_coco.py (5000 images, ~35k boxes, ~525k detections).
// faster-coco-eval (MiXaiLL76/faster_coco_eval, built outside the repository; point
// FASTER_COCO_EVAL_PATH at the folder holding its `faster_coco_eval` package) is
// measured in the same run when python3 can import it.
// Prints a table and one JSON line; BENCHMARKS.md records the results.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const generator = process.env.TRTMAP_SYNTH ?? path.resolve(root, '../shared/tools/synth_coco.py');
const images = Number(process.env.BENCH_IMAGES ?? 5000);
const runs = Number(process.env.BENCH_RUNS ?? 3);
const referenceRuns = Number(process.env.BENCH_REFERENCE_RUNS ?? 1);
const data = path.join(tmpdir(), `trtmap-bench-synth-${images}-seed1`);
const cli = path.join(root, 'dist/cli/main.js');

if (!existsSync(cli)) fail('dist/cli/main.js is missing: run npm run build first');
if (!existsSync('/usr/bin/time'))
  fail('/usr/bin/time (Debian package "time") is needed to measure peak memory');
if (!existsSync(path.join(data, 'dt.json'))) {
  if (!existsSync(generator)) fail(`synth_coco.py not found at ${generator} (set TRTMAP_SYNTH)`);
  mkdirSync(data, { recursive: true });
  execFileSync('python3', [generator, '--images', String(images), '--seed', '1', '--out', data], {
    stdio: 'inherit',
  });
}
const gt = path.join(data, 'gt.json');
const dt = path.join(data, 'dt.json');

const pycocotools = `
import contextlib, io, json, sys
from pycocotools.coco import COCO
from pycocotools.cocoeval import COCOeval
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    e = COCOeval(gt, dt, 'bbox'); e.evaluate(); e.accumulate(); e.summarize()
print(json.dumps({'coco': {'stats': [float(v) for v in e.stats]}}))
`;

const fasterCocoEval = `
import contextlib, io, json, sys
from faster_coco_eval import COCO, COCOeval_faster
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    e = COCOeval_faster(gt, dt, 'bbox'); e.evaluate(); e.accumulate(); e.summarize()
print(json.dumps({'coco': {'stats': [float(v) for v in e.stats]}}))
`;
const fasterPath = process.env.FASTER_COCO_EVAL_PATH;
const fasterEnv = fasterPath
  ? { ...process.env, PYTHONPATH: [fasterPath, process.env.PYTHONPATH].filter(Boolean).join(':') }
  : process.env;
const hasFaster =
  spawnSync('python3', ['-c', 'import faster_coco_eval'], { env: fasterEnv }).status === 0;

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS in MB and parsed stdout. */
function measure(command, args, env = process.env) {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %M', command, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env,
  });
  if (result.status !== 0) fail(`${command} failed:\n${result.stderr}`);
  const [seconds, kilobytes] = result.stderr.trim().split('\n').pop().split(' ').map(Number);
  return { seconds, peakMB: kilobytes / 1024, output: JSON.parse(result.stdout) };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const ours = Array.from({ length: runs }, () =>
  measure(process.execPath, [cli, 'score', gt, dt, '--json']),
);
const reference = Array.from({ length: referenceRuns }, () =>
  measure('python3', ['-c', pycocotools, gt, dt]),
);
const faster = hasFaster
  ? Array.from({ length: referenceRuns }, () =>
      measure('python3', ['-c', fasterCocoEval, gt, dt], fasterEnv),
    )
  : [];
const oursSeconds = median(ours.map((run) => run.seconds));
const referenceSeconds = median(reference.map((run) => run.seconds));
const identical = ours[0].output.coco.stats.every(
  (value, i) => value === reference[0].output.coco.stats[i],
);
const maxDifference = Math.max(
  ...ours[0].output.coco.stats.map((value, i) =>
    Math.abs(value - reference[0].output.coco.stats[i]),
  ),
);

const summary = {
  benchmark: 'metrics',
  machine: `${cpus()[0].model}, ${cpus().length} cores, Node ${process.version}`,
  data: `synth_coco.py --images ${images} --seed 1`,
  trtmap: {
    seconds: ours.map((run) => run.seconds),
    peakMB: Math.max(...ours.map((run) => run.peakMB)),
  },
  pycocotools: {
    seconds: reference.map((run) => run.seconds),
    peakMB: Math.max(...reference.map((run) => run.peakMB)),
  },
  speedup: referenceSeconds / oursSeconds,
  fasterCocoEval: hasFaster
    ? {
        seconds: faster.map((run) => run.seconds),
        peakMB: Math.max(...faster.map((run) => run.peakMB)),
        speedup: median(faster.map((run) => run.seconds)) / oursSeconds,
        maxStatDifference: Math.max(
          ...ours[0].output.coco.stats.map((value, i) =>
            Math.abs(value - faster[0].output.coco.stats[i]),
          ),
        ),
      }
    : 'not importable (set FASTER_COCO_EVAL_PATH)',
  statsIdentical: identical,
  maxStatDifference: maxDifference,
};
console.log(
  `trtmap score      ${oursSeconds.toFixed(2)} s (median of ${runs}), peak ${summary.trtmap.peakMB.toFixed(0)} MB`,
);
console.log(
  `pycocotools       ${referenceSeconds.toFixed(2)} s (median of ${referenceRuns}), peak ${summary.pycocotools.peakMB.toFixed(0)} MB`,
);
console.log(
  `speed-up          ${summary.speedup.toFixed(1)}x; 12 stats ${identical ? 'identical' : `differ by up to ${maxDifference}`}`,
);
if (hasFaster) {
  const f = summary.fasterCocoEval;
  console.log(
    `faster-coco-eval  ${median(f.seconds).toFixed(2)} s (median of ${referenceRuns}), peak ${f.peakMB.toFixed(0)} MB; ` +
      `trtmap ${f.speedup.toFixed(1)}x faster; stats differ by up to ${f.maxStatDifference}`,
  );
}
console.log(JSON.stringify(summary));
if (!identical) process.exitCode = 1;

function fail(message) {
  console.error(`bench:metrics: ${message}`);
  process.exit(2);
}
