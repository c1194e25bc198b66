#!/usr/bin/env bash
# Builds the addon without CUDA (TRTMAP_WITH_CUDA=OFF, what a machine without
# the toolkit gets) into build-cpu/ and runs the native tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
npx cmake-js compile --out build-cpu --parallel "${TRTMAP_BUILD_JOBS:-2}" --CDTRTMAP_WITH_CUDA=OFF
TRTMAP_NATIVE_PATH="$PWD/build-cpu/Release/trtmap.node" TRTMAP_REQUIRE_NATIVE=1 \
  npx vitest run --project native
