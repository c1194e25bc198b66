#!/usr/bin/env bash
# Runs the GPU test project (REQUIRE_GPU=1: a missing GPU fails) and the GPU
# micro-benchmarks with whatever `node` is on PATH. Needs only the repository,
# node_modules and build/Release (or a build-gpu-run/ folder made by
# scripts/pack-gpu-run.sh, whose node_modules and build are used when the
# repository has none). Logs and results go to "$OUT" when it is set.
set -uo pipefail
cd "$(dirname "$0")/.."
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

if [ -d build-gpu-run ]; then
  [ -e node_modules ] || ln -s build-gpu-run/node_modules node_modules
  [ -e build ] || ln -s build-gpu-run/build build
  if ! command -v node >/dev/null && [ -e build-gpu-run/node.xz ]; then
    mkdir -p /tmp/trtmap-node
    if command -v xz >/dev/null; then
      xz -dc build-gpu-run/node.xz > /tmp/trtmap-node/node
    else
      python3 -c 'import lzma, shutil, sys; shutil.copyfileobj(lzma.open(sys.argv[1]), open(sys.argv[2], "wb"))' \
        build-gpu-run/node.xz /tmp/trtmap-node/node
    fi
    chmod +x /tmp/trtmap-node/node
    export PATH="/tmp/trtmap-node:$PATH"
  fi
fi

export REQUIRE_GPU=1 TRTMAP_REQUIRE_NATIVE=1
echo "node $(node --version) on $(uname -m); results in $out"
node -e "const a=require('./build/Release/trtmap.node'); a.queryCuda().then(i=>console.log(JSON.stringify({build:a.buildInfo(),cuda:{...i,error:i.error&&i.error.message}})))" \
  | tee "$out/doctor.json"

node node_modules/vitest/vitest.mjs run --project gpu --reporter=verbose 2>&1 | tee "$out/gpu-tests.log"
tests=${PIPESTATUS[0]}

node bench/gpu.mjs "$out/bench-gpu.json" 2>&1 | tee "$out/bench-gpu.log"
bench=${PIPESTATUS[0]}

echo "gpu tests exit $tests, gpu bench exit $bench"
[ "$tests" -eq 0 ] && [ "$bench" -eq 0 ]
