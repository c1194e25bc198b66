#!/usr/bin/env bash
# Native fuzzing with libFuzzer (Debian's clang and libclang-rt-*-dev), outside
# the normal build: the JPEG/PNG decoders, the EXIF readers, the encoders and
# every preprocessing entry point (with a CPU-vs-kernel-code differential
# check), under AddressSanitizer and UndefinedBehaviorSanitizer.
#
#   scripts/fuzz-native.sh build           compile the harnesses into build-fuzz/
#   scripts/fuzz-native.sh run SECONDS [HARNESS...]
#                                          build, seed, fuzz each harness (default:
#                                          all) SECONDS; LIBFUZZER_FLAGS adds flags
#                                          (e.g. -runs=N)
#   scripts/fuzz-native.sh replay          build, then run every saved finding
#                                          (fuzz/regressions/<harness>/) and the seeds
# A finding leaves crash-*/leak-*/timeout-* files in build-fuzz/findings/<harness>/.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build-fuzz
harnesses=(decode_fuzzer exif_fuzzer encode_fuzzer preprocess_fuzzer)
cxx="${FUZZ_CXX:-$(command -v clang++ || command -v clang++-14)}"

build() {
  mkdir -p "$out"
  local sources=(src/core/*.cc src/cuda/*.cc src/image/*.cc)
  local flags=(-std=c++17 -g -O1 -fno-omit-frame-pointer -ffp-contract=off
    -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
    -DTRTMAP_HAS_CUDA=0 -Isrc -I.)
  # The library sources once, then one link per harness.
  local objects=()
  for source in "${sources[@]}"; do
    local object="$out/obj/${source//\//_}.o"
    mkdir -p "$out/obj"
    # Rebuilt when the source, any header or this script is newer.
    if [ ! -e "$object" ] || [ "$source" -nt "$object" ] || [ "$0" -nt "$object" ] ||
      [ -n "$(find src fuzz -name '*.h' -newer "$object" -print -quit)" ]; then
      "$cxx" "${flags[@]/-fsanitize=fuzzer,/-fsanitize=fuzzer-no-link,}" -c "$source" -o "$object"
    fi
    objects+=("$object")
  done
  for harness in "${harnesses[@]}"; do
    "$cxx" "${flags[@]}" "fuzz/$harness.cc" "${objects[@]}" -lturbojpeg -lpng -lz \
      -o "$out/$harness"
  done
  echo "built ${harnesses[*]} in $out/ with $("$cxx" --version | head -1)"
}

seed() {
  rm -rf "$out/seeds"
  python3 fuzz/make_seeds.py "$out/seeds"
}

run() {
  local seconds="$1"
  shift
  local chosen=("$@")
  [ "${#chosen[@]}" -gt 0 ] || chosen=("${harnesses[@]}")
  for harness in "${chosen[@]}"; do
    mkdir -p "$out/corpus/$harness" "$out/findings/$harness"
    echo "== $harness: ${seconds}s"
    # The corpus grows in build-fuzz/corpus; seeds and past findings start it.
    "$out/$harness" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$out/findings/$harness/" -print_final_stats=1 ${LIBFUZZER_FLAGS:-} \
      "$out/corpus/$harness" "$out/seeds/$harness" $(ls -d "fuzz/regressions/$harness" 2>/dev/null)
  done
}

replay() {
  shopt -s nullglob
  for harness in "${harnesses[@]}"; do
    local inputs=()
    for folder in "fuzz/regressions/$harness" "$out/seeds/$harness"; do
      [ -d "$folder" ] && inputs+=("$folder"/*)
    done
    [ "${#inputs[@]}" -gt 0 ] || continue
    echo "== $harness: replaying ${#inputs[@]} inputs"
    "$out/$harness" -timeout=10 -rss_limit_mb=2048 "${inputs[@]}" 2>&1 | tail -n 2
  done
}

case "${1:-}" in
  build) build ;;
  run) build; seed; run "${2:-30}" "${@:3}" ;;
  replay) build; seed; replay ;;
  *) echo "usage: $0 build | run SECONDS | replay" >&2; exit 2 ;;
esac
