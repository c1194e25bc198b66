#!/usr/bin/env bash
# Assembles build-gpu-run/ for a machine that has a GPU and a node binary but
# no npm, network or system image libraries: the portable addon
# (build/Release with libturbojpeg/libpng beside it) and only the node_modules
# the GPU tests need (vitest's dependency closure and node-gyp-build), well
# under the 64 MiB a remote run may carry. scripts/test-gpu.sh uses it there.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf build-gpu-run
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
du -sh build-gpu-run build-gpu-run/node_modules build-gpu-run/build
