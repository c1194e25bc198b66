#!/usr/bin/env node
// `npm install` / `npm ci` hook. In a published package: use a prebuilt
// binary when one fits, else build from source with cmake-js. In a git
// checkout: always build from source. Without a compiler, cmake, CUDA or
// cmake-js it prints a warning and succeeds: the pure TypeScript parts of
// trtmap work without the addon. TRTMAP_REQUIRE_NATIVE=1 (CI) makes a failed
// build fail the install; TRTMAP_SKIP_NATIVE=1 skips the addon entirely.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const required = process.env.TRTMAP_REQUIRE_NATIVE === '1';

function warn(lines) {
  const text = [
    '',
    'trtmap: the native addon is not available.',
    ...lines.map((line) => `  ${line}`),
    '',
  ];
  console.warn(text.join('\n'));
  process.exit(required ? 1 : 0);
}

if (process.env.TRTMAP_SKIP_NATIVE === '1') {
  console.log('trtmap: TRTMAP_SKIP_NATIVE=1, not building the native addon');
  process.exit(0);
}

const sourceCheckout = existsSync(path.join(root, '.git'));
if (!sourceCheckout) {
  try {
    const found = require('node-gyp-build').path(root);
    console.log(`trtmap: using the native addon ${path.relative(root, found)}`);
    process.exit(0);
  } catch {
    // No prebuilt binary for this platform: build below.
  }
}

let cmakeJs;
try {
  cmakeJs = require.resolve('cmake-js/bin/cmake-js');
  require.resolve('node-addon-api');
} catch {
  warn([
    'No prebuilt binary fits this platform and cmake-js / node-addon-api are not installed.',
    'To build it: npm install --no-save cmake-js@7 node-addon-api@7 && npx cmake-js compile',
    '(needs cmake >= 3.18, a C++17 compiler, libturbojpeg0-dev and libpng-dev; CUDA optional)',
  ]);
}

const jobs = process.env.TRTMAP_BUILD_JOBS ?? String(Math.max(1, Math.min(os.cpus().length, 4)));
console.log(`trtmap: building the native addon from source (cmake-js, ${jobs} jobs)`);
const build = spawnSync(
  process.execPath,
  [cmakeJs, 'compile', '--out', 'build', '--parallel', jobs],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
if (build.status !== 0) {
  warn([
    `Building it from source failed (${build.error?.message ?? `exit code ${build.status}`}); see the output above.`,
    'Install cmake >= 3.18, a C++17 compiler, libturbojpeg0-dev and libpng-dev (CUDA optional),',
    'then run `npm rebuild trtmap` (or `npm run build:native` in a checkout).',
  ]);
}
