// Throughput of one flickermeter phase, in samples/s and in multiples of
// real time. Goal: the replay reaches 1,000x real time for three phases
// with everything else, so one phase should run well above 3,000x at
// 15.36 kS/s. One iteration is one second of signal, so the counter
// x_realtime (shown by Google Benchmark with a "/s" suffix) is seconds of
// signal per second of CPU: the multiple of real time.
#include <cstdint>
#include <vector>

#include "benchmark/benchmark.h"
#include "host/flicker/flicker_meter.h"
#include "host/flicker/test_signal.h"

namespace pqa::flicker {
namespace {

constexpr TimeNs kT0 = 1'740'960'000 * kNsPerSecond;

// args: sample rate (Hz), channels interleaved in the block (stride).
void BM_FlickerMeterPhase(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  const auto stride = static_cast<std::size_t>(state.range(1));
  FlickerConfig config;
  config.sample_rate_hz = rate;
  config.supply_hz = 60;
  FlickerMeter meter = *FlickerMeter::Create(config);
  ModulatedSine signal{180, 60, Modulation::kRectangular, 39.0 / 120, 1.04, kT0};
  const std::size_t block_frames = static_cast<std::size_t>(rate);  // 1 s blocks
  std::vector<double> one;
  signal.Fill(kT0, rate, block_frames, one);
  std::vector<double> frames(block_frames * stride);
  for (std::size_t i = 0; i < block_frames; ++i) frames[i * stride] = one[i];

  std::int64_t block = 0;
  for (auto _ : state) {
    // Successive blocks are contiguous in time, so the meter sees one long
    // stream (the signal repeats every second, which it cannot tell).
    meter.Process(kT0 + block * kNsPerSecond, frames.data(), block_frames, stride);
    ++block;
    if (block % 600 == 0) benchmark::DoNotOptimize(meter.TakeResults());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(block_frames));
  state.counters["x_realtime"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FlickerMeterPhase)
    ->Args({3200, 1})
    ->Args({15360, 1})
    ->Args({15360, 3})
    ->Args({25600, 1})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pqa::flicker

BENCHMARK_MAIN();
