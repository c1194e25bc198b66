#!/usr/bin/env bash
# The Jetson Nano's compiler is gcc 7.5 (JetPack 4.6), which Debian 12 does not
# have. What this checks with the compiler that is here (g++ 12):
#  1. Every host source (src/**/*.cc and binding/*.cc, the TensorRT layer
#     too when TensorRT 8.2 headers are given) compiles with -std=c++17
#     -pedantic-errors: C++20 features that g++ 12 would otherwise accept in
#     C++17 mode as extensions (designated initializers, __VA_OPT__,
#     char8_t...) are errors. gcc 7 implements all of C++17's core language.
#  2. No C++17 library facility that gcc 7.5's libstdc++ lacks is used: the
#     headers <filesystem> (gcc 8), <charconv> (8), <memory_resource> (9),
#     <execution> (9), <version> (9) and the C++20 ones, and the names
#     std::reduce / transform_reduce / *_scan (9), from_chars / to_chars
#     (8; floating point 11), std::pmr, std::filesystem,
#     hardware_*_interference_size (12).
# Not checked: gcc 7's own bugs and missing diagnostics (e.g. its class
# template argument deduction corner cases), libstdc++ facilities reached
# through other spellings, and code generation. The .cu files are checked as
# C++14 by scripts/check-cuda-cxx14.sh.
#   bash scripts/check-gcc7.sh [tensorrt-8.2-include-dir]
set -uo pipefail
cd "$(dirname "$0")/.."
cxx="${CXX:-g++}"
trt_include="${1:-}"
cuda_include="${CUDA_HOME:-/usr/local/cuda}/include"
node_api_include="$(node -p "require('path').dirname(require.resolve('node-api-headers/package.json'))")/include"
addon_api_include="$(node -p "require('node-addon-api').include_dir")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/generated"
sed -e "s/@TRTMAP_HAS_TENSORRT_HEADERS@/${trt_include:+1}/" -e 's/@[A-Z_]*@//g' \
  src/core/build_config.h.in > "$scratch/generated/build_config.h"

failed=0
missing='#include <(filesystem|charconv|memory_resource|execution|version|bit|span|concepts|ranges|numbers|source_location|compare|coroutine|format|barrier|latch|semaphore|stop_token)>'
names='std::(reduce|transform_reduce|inclusive_scan|exclusive_scan|transform_inclusive_scan|transform_exclusive_scan|from_chars|to_chars|pmr|filesystem|hardware_(constructive|destructive)_interference_size)\b'
if grep -rnE "$missing|$names" src binding --include='*.cc' --include='*.h'; then
  echo "FAIL: the lines above use library facilities gcc 7.5's libstdc++ does not have"
  failed=1
fi

shopt -s nullglob
sources=(src/core/*.cc src/cuda/*.cc src/image/*.cc binding/*.cc)
if [ -n "$trt_include" ]; then
  sources+=(src/trt/*.cc)
  trt_flags=(-DTRTMAP_HAVE_TENSORRT=1 -isystem "$trt_include")
else
  sources+=(src/trt/log_sink.cc src/trt/check.cc src/trt/calibration_feed.cc src/trt/unavailable.cc)
  trt_flags=(-DTRTMAP_HAVE_TENSORRT=0)
fi
count=0
for source in "${sources[@]}"; do
  [ -n "$trt_include" ] && [ "$source" = src/trt/unavailable.cc ] && continue
  count=$((count + 1))
  if ! "$cxx" -std=c++17 -pedantic-errors -Wall -Wextra -fsyntax-only \
      -DTRTMAP_HAS_CUDA=1 -DNAPI_VERSION=8 -DNAPI_CPP_EXCEPTIONS \
      -DNODE_ADDON_API_DISABLE_DEPRECATED -DNODE_API_SWALLOW_UNTHROWABLE_EXCEPTIONS \
      "${trt_flags[@]}" -Isrc -I. -I"$scratch/generated" -isystem "$cuda_include" \
      -isystem "$node_api_include" -isystem "$addon_api_include" "$source" 2> "$scratch/log"; then
    echo "FAIL: $source"
    sed 's/^/    /' "$scratch/log" | head -30
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "ok: $count host sources compile as C++17 with -pedantic-errors${trt_include:+ (TensorRT headers $trt_include)}; none uses a library facility gcc 7.5 lacks"
exit "$failed"
