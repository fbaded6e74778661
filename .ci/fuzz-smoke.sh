#!/usr/bin/env bash
# CI: build the libFuzzer targets (clang++, ASan + UBSan) and run each for 30 s from its
# committed seed corpus. A finding fails the job and leaves the input in build-fuzz/findings/.
# The long runs (10 min each) are described in docs/reliability.md.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${NABA_FUZZ_SECONDS:-30}"

cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DNABA_FUZZ=ON -DNABA_BUILD_TESTS=OFF -DNABA_BUILD_BENCH=OFF
cmake --build build-fuzz --target fuzz_analyzer fuzz_reader fuzz_query fuzz_stub fuzz_dates fuzz_aliases fuzz_request

mkdir -p build-fuzz/findings
for target in analyzer reader query stub dates aliases request; do
  work="build-fuzz/corpus-$target"  # new inputs go here, the committed seeds stay small
  mkdir -p "$work"
  extra=()
  [ -f "fuzz/$target.dict" ] && extra+=("-dict=fuzz/$target.dict")
  [ "$target" = reader ] && extra+=("-max_len=8192")
  echo "fuzz-smoke: $target for $seconds s" >&2
  log="build-fuzz/fuzz-$target.log"
  status=0
  "build-fuzz/fuzz/fuzz_$target" -max_total_time="$seconds" -print_final_stats=1 \
    -artifact_prefix="build-fuzz/findings/$target-" "${extra[@]}" "$work" "fuzz/corpus/$target" \
    >"$log" 2>&1 || status=$?
  grep -E "DONE|^stat::number_of_executed_units" "$log" >&2 || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$log" >&2
    echo "fuzz-smoke: fuzz_$target found a problem (input in build-fuzz/findings/)" >&2
    exit 1
  fi
done
