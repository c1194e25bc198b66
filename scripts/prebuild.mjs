#!/usr/bin/env node
// `npm run prebuildify`: builds a portable addon (libstdc++ linked in,
// libturbojpeg and libpng bundled beside it, CUDA runtime static) and puts it
// in prebuilds/<platform>-<arch>/ under the name node-gyp-build looks for.
// (The script is not called `prebuild`: npm would run that before every
// `npm run build`.)
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(path.join(root, 'package.json'));
const out = path.join(root, 'build-prebuild');
const target = path.join(root, 'prebuilds', `${process.platform}-${process.arch}`);
const jobs = process.env.TRTMAP_BUILD_JOBS ?? '2';

const build = spawnSync(
  process.execPath,
  [
    require.resolve('cmake-js/bin/cmake-js'),
    'rebuild',
    '--out',
    out,
    '--parallel',
    jobs,
    '--CDTRTMAP_PORTABLE=ON',
  ],
  { cwd: root, stdio: 'inherit' },
);
if (build.status !== 0) process.exit(build.status ?? 1);

rmSync(target, { recursive: true, force: true });
mkdirSync(target, { recursive: true });
const release = path.join(out, 'Release');
for (const file of readdirSync(release)) {
  if (file === 'trtmap.node')
    copyFileSync(path.join(release, file), path.join(target, 'node.napi.glibc.node'));
  else if (/\.so(\.\d+)*$/.test(file))
    copyFileSync(path.join(release, file), path.join(target, file));
}
spawnSync('strip', ['--strip-unneeded', path.join(target, 'node.napi.glibc.node')], {
  stdio: 'inherit',
});
console.log(`prebuilt: ${path.relative(root, target)}: ${readdirSync(target).join(', ')}`);
