#!/usr/bin/env bash
# The sanitizer pass of CI (.ci/run, after the release tests; issue 20):
#  1. every libFuzzer target (tests/fuzz, the "fuzz" preset: Debian's clang,
#     ASan+UBSan) runs PQA_CI_FUZZ_SECONDS (default 20) over its seed corpus;
#  2. the unit tests of the input (host/common, host/io, host/records),
#     PRODIST (host/prodist, host/push) and service (host/storage,
#     host/service, tests/service) layers, and the corpus replays, run in the
#     "asan" preset (gcc, ASan+UBSan). Only the targets these need are built.
# Left out, with the reason: the XRT tests (Debian's libxrt calls
# aligned_alloc with a size that is not a multiple of the alignment, which
# ASan reports as a C11 violation inside the library), the browser and slow
# tests, and the RSS bound of ComtradeReader (skipped under ASan: the
# sanitizer's shadow memory and quarantine are what it would measure).
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
seconds="${PQA_CI_FUZZ_SECONDS:-20}"
t0=$(date +%s)

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz
for target in $(tools/fuzz.sh --list); do
  tools/fuzz.sh "$target" "$seconds"
done
t1=$(date +%s)

tests=(common_test io_test records_test prodist_test push_item_test push_cursor_test
       storage_store_test service_indicator_sets_test service_subscription_sets_test
       service_e2e_test service_ingest_validation_test service_report_test)
replays=()
for target in $(tools/fuzz.sh --list); do replays+=("fuzz_replay_$target"); done
cmake --preset asan >/dev/null
cmake --build build/asan --target "${tests[@]}" "${replays[@]}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LSAN_OPTIONS="suppressions=$root/tools/lsan.supp"  # c-ares' own leak, explained there
for t in "${tests[@]}"; do
  binary=$(find build/asan -type f -name "$t" -perm -u+x | head -1)
  echo "== asan: $t"
  (cd "$(dirname "$binary")" && PQA_SOURCE_DIR="$root" "./$t" --gtest_brief=1)
done
ctest --test-dir build/asan -L fuzz --output-on-failure
t2=$(date +%s)
echo "sanitizer pass: fuzzing $((t1 - t0)) s, sanitizer tests $((t2 - t1)) s"
