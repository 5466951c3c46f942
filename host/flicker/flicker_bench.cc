// Throughput of one flickermeter phase, in samples/s and in multiples of
// real time. Goal: the replay reaches 1,000x real time for three phases
// with everything else, so one phase should run well above 3,000x at
// 15.36 kS/s. One iteration is one second of signal, so the counter
// x_realtime (shown by Google Benchmark with a "/s" suffix) is seconds of
// signal per second of CPU: the multiple of real time.
#include <array>
#include <cstdint>
#include <utility>
#include <vector>

#include "benchmark/benchmark.h"
#include "host/flicker/flicker_meter.h"
#include "host/flicker/pinst_chain.h"
#include "host/flicker/pinst_histogram.h"
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
    ->Args({2000, 1})
    ->Args({3200, 1})
    ->Args({15360, 1})
    ->Args({15360, 3})
    ->Args({25600, 1})
    ->Unit(benchmark::kMillisecond);

// One second of three phases, frame-major (A, B, C of each frame in turn):
// a rectangular 1.04 % fluctuation on A, a sinusoidal 0.3 % at 8.8 Hz on B,
// a steady C.
std::vector<double> ThreePhaseSecond(double rate) {
  const std::array<ModulatedSine, 3> phases = {
      ModulatedSine{180, 60, Modulation::kRectangular, 39.0 / 120, 1.04, kT0},
      ModulatedSine{175, 60, Modulation::kSinusoidal, 8.8, 0.3, kT0}, ModulatedSine{185, 60}};
  const auto n = static_cast<std::size_t>(rate);
  std::vector<double> frames(n * 3);
  std::vector<double> one;
  for (std::size_t p = 0; p < 3; ++p) {
    phases[p].Fill(kT0, rate, n, one);
    for (std::size_t i = 0; i < n; ++i) frames[i * 3 + p] = one[i];
  }
  return frames;
}

// Three phases side by side (FlickerMeter::ProcessTogether, as the replay
// runs them) from one frame-major block. arg: sample rate (Hz). Issue 21:
// the cost should follow the input rate, 2 kS/s at most a quarter of
// 15.36 kS/s.
void BM_FlickerMeterThreePhasesTogether(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  FlickerConfig config;
  config.sample_rate_hz = rate;
  config.supply_hz = 60;
  std::array<FlickerMeter, 3> meters = {
      *FlickerMeter::Create(config), *FlickerMeter::Create(config), *FlickerMeter::Create(config)};
  const std::size_t block_frames = static_cast<std::size_t>(rate);  // 1 s blocks
  const std::vector<double> frames = ThreePhaseSecond(rate);
  std::array<FlickerMeter*, 3> m = {&meters[0], &meters[1], &meters[2]};
  const std::array<const double*, 3> x = {frames.data(), frames.data() + 1, frames.data() + 2};
  std::int64_t block = 0;
  for (auto _ : state) {
    FlickerMeter::ProcessTogether(m.data(), 3, kT0 + block * kNsPerSecond, x.data(), block_frames,
                                  3);
    ++block;
    if (block % 600 == 0) {
      for (FlickerMeter& meter : meters) benchmark::DoNotOptimize(meter.TakeResults());
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(block_frames));
  state.counters["x_realtime"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_FlickerMeterThreePhasesTogether)->Arg(2000)->Arg(15360)->Unit(benchmark::kMillisecond);

// Blocks 1-4 alone on three phases side by side (PinstChain::RunTogether),
// one second of signal per iteration. args: sample rate (Hz), layout: 0
// phases in adjacent channels (the replay's: the lanes come in one load),
// 1 in another order (each lane fetched on its own).
void BM_PinstChainThreePhasesTogether(benchmark::State& state) {
  const double rate = static_cast<double>(state.range(0));
  FlickerConfig config;
  config.sample_rate_hz = rate;
  config.supply_hz = 60;
  std::array<PinstChain, 3> chains = {PinstChain(config), PinstChain(config), PinstChain(config)};
  const std::size_t block_frames = static_cast<std::size_t>(rate);  // 1 s blocks
  const std::vector<double> frames = ThreePhaseSecond(rate);
  std::array<PinstChain*, 3> c = {&chains[0], &chains[1], &chains[2]};
  std::array<const double*, 3> x = {frames.data(), frames.data() + 1, frames.data() + 2};
  if (state.range(1) == 1) std::swap(x[0], x[2]);
  std::vector<std::size_t> at;
  std::vector<double> pinst;
  // Past the expanding means (61 s): the steady path, as in all but the
  // first minute of a recording.
  for (int second = 0; second < 61; ++second) {
    at.clear();
    pinst.clear();
    PinstChain::RunTogether(c.data(), 3, x.data(), block_frames, 3, at, pinst);
  }
  for (auto _ : state) {
    at.clear();
    pinst.clear();
    benchmark::DoNotOptimize(
        PinstChain::RunTogether(c.data(), 3, x.data(), block_frames, 3, at, pinst));
    benchmark::DoNotOptimize(pinst.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(block_frames));
  state.counters["x_realtime"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PinstChainThreePhasesTogether)
    ->Args({2000, 0})
    ->Args({2000, 1})
    ->Args({15360, 0})
    ->Args({15360, 1})
    ->Unit(benchmark::kMicrosecond);

// Block 5 alone: one second of Pinst (three phases of ThreePhaseSecond at
// 2 kS/s, 400 values each, after two minutes of blocks 1-4) classified as
// segments between values (PinstHistogram::AddPolyline, as the replay's
// settled meters do). Items: Pinst values.
void BM_PinstClassificationThreePhases(benchmark::State& state) {
  constexpr double kRate = 2000;
  FlickerConfig config;
  config.sample_rate_hz = kRate;
  config.supply_hz = 60;
  std::array<PinstChain, 3> chains = {PinstChain(config), PinstChain(config), PinstChain(config)};
  const std::vector<double> frames = ThreePhaseSecond(kRate);
  std::array<PinstChain*, 3> c = {&chains[0], &chains[1], &chains[2]};
  const std::array<const double*, 3> x = {frames.data(), frames.data() + 1, frames.data() + 2};
  std::vector<std::size_t> at;
  std::vector<double> pinst;  // pinst[o * 3 + phase]
  for (int second = 0; second <= 120; ++second) {
    at.clear();
    pinst.clear();
    PinstChain::RunTogether(c.data(), 3, x.data(), static_cast<std::size_t>(kRate), 3, at, pinst);
  }
  const std::size_t values = at.size();
  std::array<PinstHistogram, 3> histograms;
  std::array<double, 3> previous = {pinst[0], pinst[1], pinst[2]};
  for (auto _ : state) {
    for (std::size_t p = 0; p < 3; ++p) {
      benchmark::DoNotOptimize(histograms[p].AddPolyline(previous[p], pinst.data() + p, 3, values));
      previous[p] = pinst[(values - 1) * 3 + p];
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(3 * values));
  state.counters["x_realtime"] =
      benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PinstClassificationThreePhases)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace pqa::flicker

BENCHMARK_MAIN();
