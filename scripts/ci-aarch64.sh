#!/usr/bin/env bash
# CI stage (issue 14): the Jetson's CPU. Cross-compiles the addon for aarch64
# (CPU features: there is no aarch64 CUDA toolkit here) with
# cmake/aarch64-linux-gnu.cmake, checks the toolchain contract of JetPack 4.6
# (gcc 7 C++17, glibc 2.27 symbol versions), then under qemu-user as a
# Cortex-A57 (the Nano's CPU) with Node 16.20.2 for arm64:
#  - decode and CPU preprocessing of a fixed set of images must give the same
#    bytes as on x86-64 (scripts/image-digests.mjs on both, compared);
#  - the native suite (every native entry point) and a unit subset that reads
#    binary data and does the float work (weights, tensors, NMS, decoders,
#    COCO/VOC evaluation) run on the arm64 addon.
# Needs the x86-64 addon and dist/ (npm ci), and build-node16/ (ci-node16.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS

# Multiarch: the arm64 libraries beside the host's. The libc and libstdc++
# that arm64 Node runs on come from the same place (libc6:arm64), never from
# the cross toolchain's copy: mixing the two glibc builds hangs pthread_create.
need=()
for package in g++-aarch64-linux-gnu qemu-user-static libturbojpeg0-dev:arm64 \
  libpng-dev:arm64 libstdc++6:arm64; do
  dpkg -s "$package" >/dev/null 2>&1 || need+=("$package")
done
if [ "${#need[@]}" -gt 0 ]; then
  dpkg --print-foreign-architectures | grep -qx arm64 || dpkg --add-architecture arm64
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}"
fi

echo "== aarch64: cross-compiling the addon (CPU features)"
npx cmake-js compile --out build-aarch64 --parallel "${TRTMAP_BUILD_JOBS:-2}" \
  --CDCMAKE_TOOLCHAIN_FILE="$PWD/cmake/aarch64-linux-gnu.cmake" --CDTRTMAP_WITH_CUDA=OFF >/dev/null
addon="$PWD/build-aarch64/Release/trtmap.node"
aarch64-linux-gnu-readelf -h "$addon" | grep -q 'Machine: *AArch64'

echo "== JetPack 4.6 toolchain contract"
node scripts/check-glibc-symbols.mjs "$addon" --glibc 2.27 --glibcxx 3.4.24 \
  --objdump aarch64-linux-gnu-objdump --libc /lib/aarch64-linux-gnu/libc.so.6
trt82="${TRTMAP_TENSORRT_82_INCLUDE:-/work/trt-headers/trt-8.2.1/include}"
if [ -f "$trt82/NvInferVersion.h" ]; then bash scripts/check-gcc7.sh "$trt82"; else bash scripts/check-gcc7.sh; fi

node_x64="$(bash scripts/node16/fetch-node.sh 16.20.2 x64)"
node_arm64="$(bash scripts/node16/fetch-node.sh 16.20.2 arm64)"
# Node under qemu, started like a native binary (no binfmt_misc here). The CA
# bundle of NODE_EXTRA_CA_CERTS costs seconds of emulated PEM parsing per
# process and no test uses TLS; -cpu cortex-a57 also avoids emulating pointer
# authentication, which qemu's default CPU has and makes V8 several times slower.
wrapper="$PWD/.cache/node16-arm64-qemu"
printf '#!/bin/sh\nunset NODE_EXTRA_CA_CERTS\nexec qemu-aarch64-static -cpu cortex-a57 %s "$@"\n' \
  "$node_arm64" > "$wrapper"
chmod +x "$wrapper"
echo "arm64: $("$wrapper" -p 'process.version + " " + process.arch')"

echo "== decode + preprocessing: x86-64 and aarch64 bytes"
"$node_x64" scripts/image-digests.mjs > .cache/digests-x64.txt
TRTMAP_NATIVE_PATH="$addon" "$wrapper" scripts/image-digests.mjs > .cache/digests-arm64.txt
if ! diff .cache/digests-x64.txt .cache/digests-arm64.txt; then
  echo "aarch64: decode or preprocessing differs from x86-64 (lines above)" >&2
  exit 1
fi
echo "identical: $(grep -c '^decode' .cache/digests-x64.txt) decodes, $(grep -c '^preprocess' .cache/digests-x64.txt) preprocessed tensors"

echo "== native + unit subset on aarch64 (qemu)"
[ -f build-node16/vitest.config.js ] || bash scripts/node16/prepare.sh
TRTMAP_NATIVE_PATH="$addon" TRTMAP_TEST_EXEC_PATH="$wrapper" TRTMAP_REQUIRE_NATIVE=1 \
  "$node_x64" --no-warnings --experimental-loader ./scripts/node16/loader.mjs scripts/node16/run.mjs \
  --compiled build-node16 --project native --project unit --node "$wrapper" --timeout-scale 10 \
  --filter '^test/(native/|unit/(darknet/weights|trt/(host-tensors|tensors)|detect/(nms|decoders)|coco/edge-cases|voc/evaluate|numeric)\.)'
echo "aarch64 stage: $((SECONDS - started)) s"
