#!/usr/bin/env bash
# Runs one libFuzzer target (tests/fuzz) for SECONDS under ASan+UBSan:
#   tools/fuzz.sh TARGET SECONDS      e.g. tools/fuzz.sh csv 600
#   tools/fuzz.sh --list              the targets
# Builds the "fuzz" preset (Debian's clang) first. The run starts from the
# seed corpus tests/fuzz/corpus/TARGET, copied to build/fuzz/corpus/TARGET so
# that what libFuzzer adds stays out of the repository. A crash is written to
# build/fuzz/findings/TARGET/; add it to tests/fuzz/corpus/TARGET/ with the
# fix, and the fuzz_replay_TARGET test replays it in every build from then on.
# Prints executions per second and coverage at the end. Runs under `nice`.
set -euo pipefail
cd "$(dirname "$0")/.."
targets=(comtrade_cfg comtrade_dat_ascii comtrade_dat_binary comtrade_dat_binary32
         comtrade_dat_float32 comtrade_cff csv records_jsonl events_jsonl point_config tokens)
if [[ "${1:-}" == "--list" ]]; then
  printf '%s\n' "${targets[@]}"
  exit 0
fi
if [[ $# -ne 2 ]] || ! [[ "$2" =~ ^[0-9]+$ ]]; then
  echo "usage: tools/fuzz.sh TARGET SECONDS (tools/fuzz.sh --list for the targets)" >&2
  exit 2
fi
target="$1" seconds="$2"
if ! printf '%s\n' "${targets[@]}" | grep -qx "$target"; then
  echo "fuzz.sh: unknown target '$target'; one of: ${targets[*]}" >&2
  exit 2
fi
cmake --preset fuzz >/dev/null
nice cmake --build build/fuzz --target "fuzz_$target" >/dev/null
corpus="build/fuzz/corpus/$target"
findings="build/fuzz/findings/$target"
mkdir -p "$corpus" "$findings"
cp -n tests/fuzz/corpus/"$target"/* "$corpus"/ 2>/dev/null || true
log="build/fuzz/$target.log"
# -rss_limit_mb: the readers' memory bound is part of what is tested.
status=0
started=$(date +%s)
ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  nice "build/fuzz/tests/fuzz/fuzz_$target" "$corpus" -max_total_time="$seconds" \
  -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
  -artifact_prefix="$findings/" >"$log" 2>&1 || status=$?
elapsed=$(( $(date +%s) - started ))
execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
per_s=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
cov=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
echo "$target: ${elapsed} s (of ${seconds} asked), ${execs} executions, ${per_s} exec/s, ${cov:-no coverage line} (log: $log)"
if [[ $status -ne 0 ]]; then
  echo "$target: FINDING (exit $status): see $log and $findings/" >&2
  grep -m5 -E 'ERROR|runtime error|SUMMARY' "$log" >&2 || true
fi
exit $status
