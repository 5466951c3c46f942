// Throughput of the VTCD chain on three phases: how many seconds of signal
// per second of CPU (real-time factor = items/s / sample rate).
#include <vector>

#include "benchmark/benchmark.h"
#include "host/vtcd/event_detector.h"
#include "host/vtcd/test_signals.h"

namespace pqa::vtcd {
namespace {

void BM_EventDetectorThreePhases(benchmark::State& state) {
  test_signals::Signal s;
  s.sample_rate_hz = static_cast<double>(state.range(0));
  s.seconds = 10.0;
  s.steps = {{0, 2.0, 2.5, 0.5}, {1, 5.0, 5.1, 1.2}};
  const std::vector<double> frames = s.Frames();
  const std::size_t offsets[3] = {0, 1, 2};
  const std::size_t frame_count = frames.size() / 3;
  for (auto _ : state) {
    absl::StatusOr<EventDetector> detector = EventDetector::Create(DetectorConfig{});
    constexpr std::size_t kBlock = 4096;
    for (std::size_t done = 0; done < frame_count; done += kBlock) {
      const std::size_t n = std::min(kBlock, frame_count - done);
      const TimeNs t = std::llround(static_cast<double>(done) * 1e9 / s.sample_rate_hz);
      benchmark::DoNotOptimize(
          detector->Process(t, s.sample_rate_hz, frames.data() + 3 * done, n, 3, offsets));
    }
    detector->Finish();
    benchmark::DoNotOptimize(detector->events().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frame_count));
  // Seconds of three-phase signal per processor second: times real time.
  state.counters["x_realtime"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * s.seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EventDetectorThreePhases)->Arg(7680)->Arg(15360);

}  // namespace
}  // namespace pqa::vtcd

BENCHMARK_MAIN();
