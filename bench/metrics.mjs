#!/usr/bin/env node
// `npm run bench:metrics`: `trtmap score gt.json dt.json` end to end (process
// start, JSON loading, evaluation, printing) against pycocotools and
// faster-coco-eval on the same machine in the same run.
//
//   npm run bench:metrics             the COCO-val-sized set of ../shared/tools/synth_coco.py
//                                     (5000 images, ~35k boxes, ~525k detections)
//   npm run bench:metrics -- --large  bench/synth-large.py: 20,000 images, 1,000 categories,
//                                     2,000,000 detections; peak memory and time
//
// The sides run in rounds (BENCH_RUNS, default 3), each round every side once,
// in an order that rotates, so that a machine shared with other work loads
// them alike; the load average is recorded with each round and the ratios are
// taken within rounds. faster-coco-eval (MiXaiLL76/faster_coco_eval, built
// outside the repository; FASTER_COCO_EVAL_PATH = the folder holding its
// `faster_coco_eval` package) runs when python3 can import it. A reference
// run past BENCH_REFERENCE_TIMEOUT_S seconds or BENCH_REFERENCE_MAX_MB of
// resident memory is stopped, and reported with the time and memory reached.
// BENCH_DATA: a folder already holding the set's gt.json and dt.json.
// Prints a table and one JSON line; BENCHMARKS.md records the results.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import path from 'node:path';

const root = path.resolve(new URL('..', import.meta.url).pathname);
const large = process.argv.includes('--large');
const runs = Number(process.env.BENCH_RUNS ?? (large ? 1 : 3));
const referenceTimeout = Number(process.env.BENCH_REFERENCE_TIMEOUT_S ?? (large ? 3600 : 1800));
const referenceMaxMB = Number(process.env.BENCH_REFERENCE_MAX_MB ?? 12000);
const threadsArgs = process.env.BENCH_THREADS ? ['--threads', process.env.BENCH_THREADS] : [];
const cli = path.join(root, 'dist/cli/main.js');

if (!existsSync(cli)) fail('dist/cli/main.js is missing: run npm run build first');
if (!existsSync('/usr/bin/time'))
  fail('/usr/bin/time (Debian package "time") is needed to measure peak memory');
const { data, generated } = dataset();
const gt = path.join(data, 'gt.json');
const dt = path.join(data, 'dt.json');

const reference = (imports, evaluator) => `
import contextlib, io, json, sys
${imports}
with contextlib.redirect_stdout(io.StringIO()):
    gt = COCO(sys.argv[1]); dt = gt.loadRes(sys.argv[2])
    e = ${evaluator}(gt, dt, 'bbox'); e.evaluate(); e.accumulate(); e.summarize()
print(json.dumps({'coco': {'stats': [float(v) for v in e.stats]}}))
`;
const fasterPath = process.env.FASTER_COCO_EVAL_PATH;
const fasterEnv = fasterPath
  ? { ...process.env, PYTHONPATH: [fasterPath, process.env.PYTHONPATH].filter(Boolean).join(':') }
  : process.env;
const hasFaster =
  (await measure('python3', ['-c', 'import faster_coco_eval'], { env: fasterEnv })).status === 0;

const sides = [
  {
    name: 'trtmap',
    command: process.execPath,
    args: [cli, 'score', gt, dt, '--json', ...threadsArgs],
  },
  {
    name: 'pycocotools',
    command: 'python3',
    args: [
      '-c',
      reference(
        'from pycocotools.coco import COCO\nfrom pycocotools.cocoeval import COCOeval',
        'COCOeval',
      ),
      gt,
      dt,
    ],
    limited: true,
  },
  ...(hasFaster
    ? [
        {
          name: 'faster-coco-eval',
          command: 'python3',
          args: [
            '-c',
            reference('from faster_coco_eval import COCO, COCOeval_faster', 'COCOeval_faster'),
            gt,
            dt,
          ],
          env: fasterEnv,
          limited: true,
        },
      ]
    : []),
];

const rounds = [];
for (let round = 0; round < runs; round++) {
  const results = {};
  const load = [loadavg()[0]];
  // Rotate the order each round so no side always runs first or last.
  for (let i = 0; i < sides.length; i++) {
    const side = sides[(round + i) % sides.length];
    const stopped = rounds.some((r) => r[side.name]?.stopped);
    if (stopped) continue; // a reference that could not finish once is not run again
    results[side.name] = await measure(side.command, side.args, {
      env: side.env,
      limitSeconds: side.limited ? referenceTimeout : undefined,
      limitMB: side.limited ? referenceMaxMB : undefined,
    });
    if (results[side.name].status !== 0 && !results[side.name].stopped)
      fail(`${side.name} failed:\n${results[side.name].stderr}`);
    load.push(loadavg()[0]);
  }
  results.load = load;
  rounds.push(results);
  console.error(`round ${round + 1}: ${describeRound(results)}`);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const ours = rounds.map((r) => r.trtmap);
const oursStats = ours[0].output.coco.stats;
const summary = {
  benchmark: 'metrics',
  set: large ? 'large' : 'coco5k',
  machine: `${cpus()[0].model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  data: generated,
  loadAverage: rounds.map((r) => r.load),
  sides: {},
};
for (const side of sides) {
  const measured = rounds.map((r) => r[side.name]).filter(Boolean);
  const entry = {
    seconds: measured.map((m) => m.seconds),
    cpuSeconds: measured.map((m) => m.cpuSeconds),
    peakMB: Math.max(...measured.map((m) => m.peakMB)),
  };
  if (measured.some((m) => m.stopped)) entry.stopped = measured.find((m) => m.stopped).stopped;
  if (side.name !== 'trtmap') {
    const paired = rounds.filter((r) => r[side.name] && !r[side.name].stopped);
    if (paired.length > 0) {
      entry.speedupPerRound = paired.map((r) => r[side.name].seconds / r.trtmap.seconds);
      entry.speedup = median(entry.speedupPerRound);
      entry.cpuSpeedup = median(paired.map((r) => r[side.name].cpuSeconds / r.trtmap.cpuSeconds));
      const stats = paired[0][side.name].output.coco.stats;
      entry.maxStatDifference = Math.max(...oursStats.map((v, i) => Math.abs(v - stats[i])));
      entry.statsIdentical = oursStats.every((v, i) => v === stats[i]);
    } else {
      entry.speedupAtLeast =
        median(measured.map((m) => m.seconds)) / median(ours.map((m) => m.seconds));
    }
  }
  summary.sides[side.name] = entry;
}

for (const [name, entry] of Object.entries(summary.sides)) {
  const time = `${median(entry.seconds).toFixed(2)} s wall (median of ${entry.seconds.length}), ${median(entry.cpuSeconds).toFixed(2)} s CPU, peak ${entry.peakMB.toFixed(0)} MB`;
  let versus = '';
  if (entry.speedup !== undefined) {
    versus = `; trtmap ${entry.speedup.toFixed(1)}x faster (per round ${entry.speedupPerRound.map((v) => v.toFixed(1)).join(' / ')}; CPU ${entry.cpuSpeedup.toFixed(1)}x); 12 stats ${entry.statsIdentical ? 'identical' : `differ by up to ${entry.maxStatDifference}`}`;
  } else if (entry.stopped) {
    versus = `; STOPPED (${entry.stopped}): trtmap at least ${entry.speedupAtLeast.toFixed(1)}x faster`;
  }
  console.log(`${name.padEnd(17)} ${time}${versus}`);
}
console.log(
  `load average (1 min) per round: ${summary.loadAverage.map((l) => l.map((v) => v.toFixed(1)).join(' ')).join(' | ')}`,
);
console.log(JSON.stringify(summary));
if (summary.sides.pycocotools.statsIdentical === false) process.exitCode = 1;

/** The benchmark's data set, generated (seeded) into the temporary folder on first use. */
function dataset() {
  const generator = large
    ? path.join(root, 'bench/synth-large.py')
    : (process.env.TRTMAP_SYNTH ?? path.resolve(root, '../shared/tools/synth_coco.py'));
  const args = large ? ['--seed', '1'] : ['--images', '5000', '--seed', '1'];
  const folder =
    process.env.BENCH_DATA ??
    path.join(tmpdir(), `trtmap-bench-${large ? 'large' : 'synth-5000'}-seed1`);
  if (!existsSync(path.join(folder, 'dt.json'))) {
    if (!existsSync(generator)) fail(`${generator} not found (set TRTMAP_SYNTH)`);
    mkdirSync(folder, { recursive: true });
    execFileSync('python3', [generator, ...args, '--out', folder], { stdio: 'inherit' });
  }
  return { data: folder, generated: `${path.basename(generator)} ${args.join(' ')}` };
}

/**
 * Runs a command under /usr/bin/time: wall and CPU seconds, peak RSS (MB),
 * parsed stdout. With a limit, the process is killed once past it and the
 * result says so (`stopped`), with the time and peak memory it had reached.
 */
function measure(command, args, { env = process.env, limitSeconds, limitMB } = {}) {
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', '%e %M %U %S', command, ...args], { env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const started = Date.now();
    let stopped;
    const watch = setInterval(() => {
      if (limitSeconds === undefined) return;
      const pid = childPid(child.pid);
      if (pid === undefined) return;
      const peakMB = statusKB(pid, 'VmHWM') / 1024;
      const seconds = (Date.now() - started) / 1000;
      if (seconds > limitSeconds || peakMB > limitMB) {
        stopped =
          seconds > limitSeconds
            ? `not finished after ${seconds.toFixed(0)} s`
            : `resident memory past ${limitMB} MB after ${seconds.toFixed(0)} s`;
        process.kill(pid, 'SIGKILL');
      }
    }, 1000);
    child.on('close', (status) => {
      clearInterval(watch);
      const line = stderr.trim().split('\n').pop();
      const [seconds, kilobytes, user, system] = line.split(' ').map(Number);
      let output;
      try {
        output = stopped === undefined && status === 0 ? JSON.parse(stdout) : undefined;
      } catch {
        output = undefined;
      }
      resolve({
        status,
        stderr,
        stopped,
        seconds,
        cpuSeconds: user + system,
        peakMB: kilobytes / 1024,
        output,
      });
    });
  });
}

/** The process /usr/bin/time started. */
function childPid(timePid) {
  try {
    const children = readFileSync(`/proc/${timePid}/task/${timePid}/children`, 'utf8').trim();
    return children ? Number(children.split(' ')[0]) : undefined;
  } catch {
    return undefined;
  }
}

function statusKB(pid, field) {
  try {
    const match = readFileSync(`/proc/${pid}/status`, 'utf8').match(
      new RegExp(`${field}:\\s+(\\d+)`),
    );
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

function describeRound(results) {
  return (
    Object.entries(results)
      .filter(([name]) => name !== 'load')
      .map(
        ([name, r]) =>
          `${name} ${r.seconds.toFixed(2)} s${r.stopped ? ` (stopped: ${r.stopped})` : ''}`,
      )
      .join(', ') + `; load ${results.load.map((v) => v.toFixed(1)).join(' ')}`
  );
}

function fail(message) {
  console.error(`bench:metrics: ${message}`);
  process.exit(2);
}
