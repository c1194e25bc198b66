#!/usr/bin/env bash
# The TensorRT contract tests (test/native/07-tensorrt-*.test.ts):
# for each TensorRT header set, builds the TensorRT test double
# (test/native/trt-double: fake libnvinfer, parsers, plugin libraries and CUDA
# runtime, which execute nothing) and an addon compiled against those headers
# and that CUDA runtime, both with AddressSanitizer, then runs the tests with
# them. No TensorRT, GPU or driver is needed.
#   bash scripts/test-tensorrt-contract.sh [<tensorrt-include-dir> ...]
# Default: 8.2.1, 10.16 and 11.1 under $TRTMAP_TENSORRT_HEADERS/trt-<version>/include
# (default ../trt-headers: headers from NVIDIA/TensorRT tags, never committed).
set -euo pipefail
cd "$(dirname "$0")/.."

includes=("$@")
if [ "${#includes[@]}" -eq 0 ]; then
  root="${TRTMAP_TENSORRT_HEADERS:-$(cd .. && pwd)/trt-headers}"
  for version in 8.2.1 10.16 11.1; do
    [ -f "$root/trt-$version/include/NvInferVersion.h" ] && includes+=("$root/trt-$version/include")
  done
fi
if [ "${#includes[@]}" -eq 0 ]; then
  echo "no TensorRT headers: give include folders, or set TRTMAP_TENSORRT_HEADERS to a folder of trt-<version>/include" >&2
  exit 2
fi
jobs="${TRTMAP_BUILD_JOBS:-2}"
asan="$("${CXX:-g++}" -print-file-name=libasan.so)"
sanitize=(-fsanitize=address -fno-omit-frame-pointer)

for include in "${includes[@]}"; do
  version="$(sed -n 's/^#define \(NV_TENSORRT\|TRT\)_\(MAJOR\|MINOR\|PATCH\)\(_ENTERPRISE\)\{0,1\} \([0-9][0-9]*\).*/\4/p' \
    "$include/NvInferVersion.h" | head -3 | paste -sd. -)"
  double="build-trt/double/$version"
  addon="build-trt/addon/$version"
  echo "== TensorRT $version: the test double and an addon against $include (AddressSanitizer)"
  cmake -S test/native/trt-double -B "$double" -DTENSORRT_INCLUDE_DIR="$include" -DTRTMAP_SANITIZE=address >/dev/null
  cmake --build "$double" -j "$jobs" >/dev/null
  # One CUDA architecture is enough: the double's runtime runs no kernel.
  npx cmake-js compile --out "$addon" --parallel "$jobs" --CDTensorRT_INCLUDE_DIR="$include" \
    --CDTRTMAP_CUDA_RUNTIME=shared --CDTRTMAP_CUDA_ARCHITECTURES=75 \
    "--CDCMAKE_CXX_FLAGS=${sanitize[*]}" --CDCMAKE_SHARED_LINKER_FLAGS=-fsanitize=address >/dev/null
  # The double's CUDA runtime alone on the loader's path (its libnvinfer is
  # reached through TRTMAP_TENSORRT_LIB_DIR only, as a user's would be).
  mkdir -p "$double/cudart"
  ln -sf "$(cd "$double/lib" && pwd)"/libcudart.so.* "$double/cudart/"
  LD_PRELOAD="$asan" ASAN_OPTIONS="detect_leaks=0:abort_on_error=1" \
    LD_LIBRARY_PATH="$(cd "$double/cudart" && pwd)" \
    TRTMAP_NATIVE_PATH="$(pwd)/$addon/Release/trtmap.node" TRTMAP_TRT_DOUBLE="$(cd "$double" && pwd)" \
    TRTMAP_REQUIRE_TRT_DOUBLE=1 \
    npx vitest run --project native test/native/07-tensorrt
done
