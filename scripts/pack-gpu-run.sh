#!/usr/bin/env bash
# Assembles build-gpu-run/ for a machine that has a GPU and a node binary but
# no npm, network or system image libraries: the portable addon
# (build/Release with libturbojpeg/libpng beside it) and only the node_modules
# the GPU tests need (vitest's dependency closure and node-gyp-build), well
# under the 64 MiB a remote run may carry (type packages and lightningcss,
# which vite loads only for CSS, are left out). scripts/test-gpu.sh uses it.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build-gpu-run/build build-gpu-run/node_modules
mkdir -p build-gpu-run/build build-gpu-run/node_modules

npx cmake-js compile --out build-gpu-run/build --parallel "${TRTMAP_BUILD_JOBS:-2}" --CDTRTMAP_PORTABLE=ON
rm -rf build-gpu-run/build/CMakeFiles build-gpu-run/build/*.ninja build-gpu-run/build/CMakeCache.txt

node --input-type=module -e '
import { existsSync, readFileSync } from "node:fs";
const seen = new Set();
const queue = ["vitest", "node-gyp-build"];
while (queue.length) {
  const name = queue.pop();
  if (seen.has(name) || !existsSync(`node_modules/${name}/package.json`)) continue;
  if (/^(@types\/|undici-types$|lightningcss)/.test(name)) continue;
  seen.add(name);
  const manifest = JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8"));
  for (const field of ["dependencies", "optionalDependencies", "peerDependencies"])
    queue.push(...Object.keys(manifest[field] ?? {}));
}
console.log([...seen].join("\n"));
' | while read -r package; do
  mkdir -p "build-gpu-run/node_modules/$(dirname "$package")"
  cp -a "node_modules/$package" "build-gpu-run/node_modules/$package"
done
mkdir -p build-gpu-run/node_modules/.bin

# The node binary itself, compressed (about 24 MB instead of 95), for a
# machine without Node.js; test-gpu.sh unpacks it when `node` is missing.
if [ ! -e build-gpu-run/node.xz ]; then
  xz -T2 -9 -c "$(command -v node)" > build-gpu-run/node.xz
fi
du -sh build-gpu-run
