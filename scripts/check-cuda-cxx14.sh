#!/usr/bin/env bash
# Compiles every .cu file (and the headers they include) as C++14 with host
# warnings on, the dialect CUDA 10.2's nvcc (Jetson Nano) accepts, and checks
# the host sources against -std=c++17 -pedantic. Prints what it ran.
set -euo pipefail
cd "$(dirname "$0")/.."
nvcc="${CUDACXX:-$(command -v nvcc || echo /usr/local/cuda/bin/nvcc)}"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
for source in src/cuda/*.cu; do
  echo "+ $nvcc -std=c++14 -DTRTMAP_HAS_CUDA=1 -Isrc -c $source"
  "$nvcc" -std=c++14 -DTRTMAP_HAS_CUDA=1 -Isrc -Xcompiler -Wall -c "$source" -o "$scratch/kernel.o"
done
# The host side of the C++ core with the language level gcc 7 implements.
for source in src/core/*.cc src/cuda/*.cc src/image/*.cc; do
  [ -e "$source" ] || continue
  echo "+ g++ -std=c++17 -pedantic -fsyntax-only $source"
  g++ -std=c++17 -pedantic -Wall -Wextra -fsyntax-only -DTRTMAP_HAS_CUDA=1 -Isrc \
    -I"${CUDA_HOME:-/usr/local/cuda}/include" "$source"
done
echo "ok: kernels compile as C++14, host core as C++17"
