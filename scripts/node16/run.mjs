// Runs the project's vitest suites with an older Node (16.20.2, the Jetson
// Nano's), which vitest 4 itself cannot run on: the test files, compiled by
// tsc into --compiled, are executed one per child process by vitest's own
// runner (run-file.mjs) under the Node given by --node, so every line of
// runtime code they reach, and the CLI they spawn (process.execPath), runs on
// that Node. Projects, includes and timeouts come from vitest.config.ts.
//
//   node --experimental-loader ./scripts/node16/loader.mjs scripts/node16/run.mjs \
//     --compiled build-node16 --project unit --project native [--node path] \
//     [--filter regex] [--jobs 2] [--timeout-scale 1]
//
// Prints one line per file, each failure with its error, and a closing
// "<label>: N passed, N failed, N skipped" line; exits 1 on any failure or
// when no test ran.
import { fork } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const { values } = parseArgs({
  options: {
    compiled: { type: 'string' },
    project: { type: 'string', multiple: true },
    node: { type: 'string' },
    filter: { type: 'string' },
    exclude: { type: 'string' },
    jobs: { type: 'string', default: '2' },
    'timeout-scale': { type: 'string', default: '1' },
    label: { type: 'string' },
  },
});
const compiled = path.resolve(values.compiled ?? 'build-node16');
const node = values.node ?? process.execPath;
const here = path.dirname(new URL(import.meta.url).pathname);
const loader = pathToFileURL(path.join(here, 'loader.mjs')).href;
const scale = Number(values['timeout-scale']);

const { default: config } = await import(
  pathToFileURL(path.join(compiled, 'vitest.config.js')).href
);
const projects = config.test.projects.filter((project) =>
  (values.project ?? []).includes(project.test.name),
);
if (projects.length === 0) throw new Error(`no project named ${values.project?.join(', ')}`);

/** A vitest include glob ('test/unit/**\/*.test.ts') as a regular expression over compiled paths. */
function globToRegExp(glob) {
  const pattern = glob
    .replace(/\.ts$/, '.js')
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:.*/)?');
  return new RegExp(`^${pattern}$`);
}

function walk(folder, prefix = '') {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? walk(path.join(folder, entry.name), `${prefix}${entry.name}/`)
      : [`${prefix}${entry.name}`],
  );
}

const compiledTests = walk(path.join(compiled, 'test'), 'test/');
const filter = values.filter ? new RegExp(values.filter) : undefined;
const exclude = values.exclude ? new RegExp(values.exclude) : undefined;
const queue = projects.flatMap((project) => {
  const includes = project.test.include.map(globToRegExp);
  const timeout = (project.test.testTimeout ?? 5_000) * scale;
  return compiledTests
    .filter((file) => includes.some((include) => include.test(file)))
    .filter((file) => (!filter || filter.test(file)) && !(exclude && exclude.test(file)))
    .sort()
    .map((file) => ({ file, project: project.test.name, timeout }));
});

function runFile({ file, timeout }) {
  return new Promise((resolve) => {
    let report;
    const child = fork(
      path.join(here, 'run-file.mjs'),
      [path.join(compiled, file), String(timeout), process.cwd()],
      {
        execPath: node,
        execArgv: ['--no-warnings', '--enable-source-maps', '--experimental-loader', loader],
      },
    );
    child.on('message', (message) => (report = message));
    child.on('exit', (code, signal) =>
      resolve(
        report ?? {
          tests: [],
          errors: [`the test process ended without a report (exit code ${code}, signal ${signal})`],
        },
      ),
    );
  });
}

const totals = { passed: 0, failed: 0, skipped: 0, fileErrors: 0 };
const runtimes = new Set();
const failures = [];
async function worker() {
  for (let job = queue.shift(); job; job = queue.shift()) {
    const started = Date.now();
    const report = await runFile(job);
    if (report.runtime) runtimes.add(report.runtime);
    const count = (state) => report.tests.filter((test) => test.state === state).length;
    const passed = count('pass');
    const failed = report.tests.length - passed - count('skip');
    totals.passed += passed;
    totals.failed += failed;
    totals.skipped += count('skip');
    totals.fileErrors += report.errors.length;
    const ok = failed === 0 && report.errors.length === 0;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} [${job.project}] ${job.file} (${passed} passed, ${failed} failed, ${count('skip')} skipped, ${((Date.now() - started) / 1000).toFixed(1)} s)`,
    );
    for (const test of report.tests.filter((entry) => !['pass', 'skip'].includes(entry.state)))
      failures.push(`${job.file} > ${test.name}\n${test.errors.join('\n')}`);
    for (const error of report.errors) failures.push(`${job.file}\n${error}`);
  }
}

const total = queue.length;
await Promise.all(Array.from({ length: Math.max(1, Number(values.jobs)) }, worker));
for (const failure of failures) console.log(`\n--- ${failure}`);
const label = values.label ?? ([...runtimes].join(' + ') || 'no test process reported');
console.log(
  `\n${total} test files, ${totals.fileErrors} file or hook errors\n${label}: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`,
);
process.exitCode = totals.failed > 0 || totals.fileErrors > 0 || totals.passed === 0 ? 1 : 0;
