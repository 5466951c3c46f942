#!/usr/bin/env bash
# Runs the throughput benchmarks of a release build in one go and prints the
# times-real-time figures BENCHMARKS.md records (seconds of signal per
# processor second on one core; three phases at 256 samples per cycle unless
# the benchmark name says otherwise).
set -euo pipefail
cd "$(dirname "$0")/.."
build="${1:-build/release}"
run() {
  local bin="$build/$1"
  shift
  if [ ! -x "$bin" ]; then
    echo "bench: $bin is missing (build the release preset first)" >&2
    return 1
  fi
  # The median of three repetitions: a shared machine makes single runs
  # swing by 10 %.
  "$bin" --benchmark_counters_tabular=true --benchmark_repetitions=3 \
    --benchmark_report_aggregates_only=true "$@" 2>/dev/null | grep -E "_median|^Benchmark"
}
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(uname -m), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run host/measure/measure_bench --benchmark_filter=BM_Engine
run host/flicker/flicker_bench
run host/vtcd/vtcd_bench
run host/replay/replay_bench
run host/sv/sv_bench
for extra in hls/hls_bench; do
  [ -x "$build/$extra" ] && run "$extra"
done
exit 0
