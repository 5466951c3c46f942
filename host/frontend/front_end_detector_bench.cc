// Throughput of the front-end event path on three phases (volts quantised,
// the bit-exact model, Urms(1/2) into vtcd::EventDetector), beside
// vtcd_bench's double-precision path on the same signal: seconds of signal
// per processor second (x_realtime).
#include <vector>

#include "benchmark/benchmark.h"
#include "host/frontend/front_end_detector.h"
#include "host/vtcd/test_signals.h"

namespace pqa::frontend {
namespace {

void BM_FrontEndDetectorThreePhases(benchmark::State& state) {
  vtcd::test_signals::Signal s;
  s.sample_rate_hz = static_cast<double>(state.range(0));
  s.seconds = 10.0;
  s.steps = {{0, 2.0, 2.5, 0.5}, {1, 5.0, 5.1, 1.2}};
  io::SampleBlock all;
  all.sample_rate_hz = s.sample_rate_hz;
  all.channels = 3;
  all.samples = s.Frames();
  all.frames = all.samples.size() / 3;
  constexpr std::size_t kBlock = 4096;
  std::vector<io::SampleBlock> blocks;
  for (std::size_t done = 0; done < all.frames; done += kBlock) {
    io::SampleBlock b = all;
    b.start = std::llround(static_cast<double>(done) * 1e9 / s.sample_rate_hz);
    b.frames = std::min(kBlock, all.frames - done);
    b.samples.assign(all.samples.begin() + 3 * done, all.samples.begin() + 3 * (done + b.frames));
    blocks.push_back(std::move(b));
  }
  for (auto _ : state) {
    absl::StatusOr<FrontEndDetector> detector = FrontEndDetector::Create({});
    for (const io::SampleBlock& b : blocks) benchmark::DoNotOptimize(detector->Process(b));
    detector->Finish();
    benchmark::DoNotOptimize(detector->events().size());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * all.frames));
  state.counters["x_realtime"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * s.seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FrontEndDetectorThreePhases)->Arg(7680)->Arg(15360);

}  // namespace
}  // namespace pqa::frontend

BENCHMARK_MAIN();
