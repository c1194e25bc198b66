// One compiled test file, run by vitest's own runner (@vitest/runner) in this
// process (the Node under test), as vitest runs each file in a forked worker.
// Sends {tests, errors} to the parent over IPC. Started by run.mjs with the
// loader of this folder.
import { startTests } from '@vitest/runner';
import { pathToFileURL } from 'node:url';
import { createExpect } from './vitest.mjs';

const [file, testTimeout, root] = process.argv.slice(2);

// Under qemu-user, process.execPath names a binary this kernel cannot start
// without binfmt_misc; tests that spawn `process.execPath` get the wrapper
// script that starts it through qemu instead.
if (process.env.TRTMAP_TEST_EXEC_PATH) process.execPath = process.env.TRTMAP_TEST_EXEC_PATH;

const looseErrors = [];
process.on('unhandledRejection', (error) => looseErrors.push(error));
process.on('uncaughtException', (error) => looseErrors.push(error));

const runner = {
  config: {
    root,
    setupFiles: [],
    name: undefined,
    passWithNoTests: false,
    testNamePattern: undefined,
    allowOnly: false,
    sequence: { shuffle: false, concurrent: false, seed: 0, hooks: 'stack', setupFiles: 'list' },
    chaiConfig: undefined,
    maxConcurrency: 5,
    testTimeout: Number(testTimeout),
    hookTimeout: Math.max(10_000, Number(testTimeout)),
    retry: 0,
    includeTaskLocation: false,
    tags: [],
    tagsFilter: undefined,
    strictTags: false,
  },
  pool: 'forks',
  importFile: (filepath) => import(pathToFileURL(filepath).href),
  extendTaskContext(context) {
    let local;
    Object.defineProperty(context, 'expect', {
      get: () => (local ??= createExpect(context.task)),
    });
    return context;
  },
  onAfterTryTask(test) {
    const state = (test.context.expect ?? globalThis.expect)?.getState?.();
    if (!state) return;
    if (
      state.expectedAssertionsNumber !== null &&
      state.assertionCalls !== state.expectedAssertionsNumber
    )
      throw state.expectedAssertionsNumberErrorGen();
    if (state.isExpectingAssertions && state.assertionCalls === 0)
      throw state.isExpectingAssertionsError;
  },
};

function describeError(error) {
  if (error === null || typeof error !== 'object') return String(error);
  const parts = [error.stack ?? `${error.name}: ${error.message}`];
  if (error.diff) parts.push(error.diff);
  return parts.join('\n');
}

function collect(task, names, into, errors) {
  const path = task.type === 'file' ? [] : [...names, task.name];
  // A failed hook or collection is an error of its suite or file, not of a test.
  if (task.type !== 'test') errors.push(...(task.result?.errors ?? []).map(describeError));
  if (task.type === 'test') {
    into.push({
      name: path.join(' > '),
      state: task.mode === 'skip' || task.mode === 'todo' ? 'skip' : (task.result?.state ?? 'skip'),
      errors: (task.result?.errors ?? []).map(describeError),
    });
  }
  for (const child of task.tasks ?? []) collect(child, path, into, errors);
}

const runtime = `Node ${process.version} ${process.platform}-${process.arch}`;
let report;
try {
  const [result] = await startTests([file], runner);
  const tests = [];
  const errors = [];
  collect(result, [], tests, errors);
  report = { tests, errors: [...errors, ...looseErrors.map(describeError)], runtime };
} catch (error) {
  report = { tests: [], errors: [describeError(error)], runtime };
}
process.send(report, () => process.exit(0));
