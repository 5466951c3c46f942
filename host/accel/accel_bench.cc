// Throughput of the two backends side by side, in one run: three phases at
// 256 samples per cycle (15.36 kS/s at 60 Hz), 10 s of signal replayed in
// 100 ms blocks. `x_realtime` is seconds of signal per second of processing
// on one core (CPU time of this thread: the machine is shared).
//   BM_Engine/<backend>:  the class A engine (windows, harmonics, aggregation)
//   BM_Flicker/<backend>: three flickermeters (Pinst, Pst)
//   BM_Replay/<backend>:  both, as `pqa replay` runs them on one core
//   BM_EngineCurrents/<backend>: the engine with three phase currents too
// Backend 0 is cpu (golden, double), 1 is hls (the HLS kernels, native).
//   BM_HlsWindows/<currents>: the window kernel alone through
//     HlsWindowAnalysis, a block's five windows per call; currents 0: the
//     three voltages, 1: three currents too with wye power (the phase
//     voltages), 2: delta power (derived voltages in their own slots).
//     `windows_per_s` against 0 is the cost of the currents (issue 17).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "host/accel/accelerator.h"
#include "host/accel/hls_window_analysis.h"
#include "host/flicker/flicker_meter.h"
#include "host/measure/measurement_engine.h"
#include "host/measure/testing/signal_generator.h"

namespace pqa::accel {
namespace {

constexpr double kRate = 15360;
constexpr double kSeconds = 10;
constexpr std::size_t kBlockFrames = 1536;

// `currents`: channels IA, IB, IC too (lagging 30 degrees, 3rd and 5th).
std::vector<io::SampleBlock> MakeBlocks(bool currents = false) {
  measure::testing::TestSignal s;
  s.sample_rate_hz = kRate;
  s.start = FromCivilDay(2025, 3, 3);
  s.frequency_hz = 60;  // whole cycles in 10 s, so the replayed loop stays continuous
  s.harmonics = {{3, 0.04, 0}, {5, 0.05, 30}, {7, 0.03, 0}, {11, 0.02, 0}, {13, 0.01, 0}};
  s.noise_rms_v = 0.05;
  s.currents = currents;
  s.rms_a = {50, 50, 50};
  s.current_angle_deg = {-30, -150, 90};
  s.current_harmonics = {{3, 0.2, 0}, {5, 0.1, 0}};
  measure::testing::SignalGenerator g(s);
  std::vector<io::SampleBlock> blocks;
  for (std::size_t done = 0; done < static_cast<std::size_t>(kRate * kSeconds);
       done += kBlockFrames) {
    blocks.push_back(g.Next(kBlockFrames));
  }
  return blocks;
}

Backend BackendOf(const benchmark::State& state) {
  return state.range(0) == 1 ? Backend::kHls : Backend::kCpu;
}

struct Pipeline {
  std::unique_ptr<measure::MeasurementEngine> engine;
  std::vector<flicker::FlickerMeter> meters;
};

// Builds the engine and/or the three meters for the backend; an error skips.
bool Build(benchmark::State& state, bool engine, bool meters, bool currents, Pipeline& p) {
  const Backend backend = BackendOf(state);
  state.SetLabel(std::string(BackendName(backend)));
  if (engine) {
    measure::EngineConfig config;
    if (currents) config.current_channels = {3, 4, 5};
    if (!ConfigureEngine(backend, config).ok()) return false;
    auto e = measure::MeasurementEngine::Create(config, [](const pqa::v1::Record&) {});
    if (!e.ok()) {
      state.SkipWithError(std::string(e.status().message()).c_str());
      return false;
    }
    p.engine = *std::move(e);
  }
  if (meters) {
    flicker::FlickerConfig fc;
    fc.sample_rate_hz = kRate;
    fc.supply_hz = 60;
    if (!ConfigureFlicker(backend, fc).ok()) return false;
    for (int phase = 0; phase < 3; ++phase) {
      auto m = flicker::FlickerMeter::Create(fc);
      if (!m.ok()) {
        state.SkipWithError(std::string(m.status().message()).c_str());
        return false;
      }
      p.meters.push_back(*std::move(m));
    }
  }
  return true;
}

void RunPipeline(benchmark::State& state, bool engine, bool meters, bool currents = false) {
  static std::vector<io::SampleBlock> voltage_blocks = MakeBlocks();
  static std::vector<io::SampleBlock> current_blocks = MakeBlocks(true);
  std::vector<io::SampleBlock>& blocks = currents ? current_blocks : voltage_blocks;
  Pipeline p;
  if (!Build(state, engine, meters, currents, p)) return;
  double seconds = 0;
  for (auto _ : state) {
    for (io::SampleBlock& b : blocks) {
      if (p.engine && !p.engine->Process(b).ok()) state.SkipWithError("Process failed");
      for (std::size_t c = 0; c < p.meters.size(); ++c) {
        p.meters[c].Process(b.start, b.samples.data() + c, b.frames, b.channels);
      }
      // The same 10 s of signal again, later in time.
      b.start += static_cast<TimeNs>(kSeconds * 1e9);
    }
    for (flicker::FlickerMeter& m : p.meters) benchmark::DoNotOptimize(m.TakeResults());
    seconds += kSeconds;
  }
  state.counters["x_realtime"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
}

void BM_Engine(benchmark::State& state) { RunPipeline(state, true, false); }
void BM_Flicker(benchmark::State& state) { RunPipeline(state, false, true); }
void BM_Replay(benchmark::State& state) { RunPipeline(state, true, true); }
void BM_EngineCurrents(benchmark::State& state) { RunPipeline(state, true, false, true); }

// Five consecutive 12-cycle windows of three phases at 60 Hz, 15.36 kS/s.
void BM_HlsWindows(benchmark::State& state) {
  constexpr int kWindows = 5;
  const int currents = static_cast<int>(state.range(0));
  // The engine's full-rejection design for 4,096 points at this rate.
  auto resampler = measure::SincResampler::Create(
      measure::WindowResamplerDesign(kRate, 60, 12, 4096, /*free_running=*/true));
  measure::WindowAnalysisSpec spec;
  spec.present = {true, true, true};
  spec.current_present = {currents > 0, currents > 0, currents > 0};
  auto analysis = HlsWindowAnalysis::Create(spec);
  if (!resampler.ok() || !analysis.ok() || !(*analysis)->SetResampler(*resampler, kRate).ok()) {
    state.SkipWithError("window analysis setup failed");
    return;
  }
  const double window = 12 * kRate / 60;
  const auto available = static_cast<std::size_t>((kWindows + 1) * window);
  std::vector<double> x[9];  // voltages, currents, derived voltages
  for (int c = 0; c < 9; ++c) {
    for (std::size_t n = 0; n < available; ++n) {
      const double theta = 2 * std::numbers::pi * 60 * static_cast<double>(n) / kRate;
      x[c].push_back((c < 3 ? 180 : 70) * std::cos(theta - 2.1 * c) + 5 * std::cos(5 * theta + c));
    }
  }
  std::vector<measure::WindowSpan> spans(kWindows);
  for (int w = 0; w < kWindows; ++w) {
    measure::WindowSpan& span = spans[static_cast<std::size_t>(w)];
    for (std::size_t p = 0; p < 3; ++p) {
      span.samples[p] = x[p].data();
      if (currents > 0) span.currents[p] = x[3 + p].data();
      if (currents > 0) span.power_voltages[p] = currents == 2 ? x[6 + p].data() : x[p].data();
    }
    span.available = available;
    span.first = 40 + w * window;
    span.last = span.first + window;
  }
  std::vector<measure::WindowResult> results(kWindows);
  std::int64_t windows = 0;
  for (auto _ : state) {
    (*analysis)->AnalyseBatch(spans.data(), results.data(), kWindows);
    benchmark::DoNotOptimize(results.data());
    windows += kWindows;
  }
  state.counters["windows_per_s"] =
      benchmark::Counter(static_cast<double>(windows), benchmark::Counter::kIsRate);
}

BENCHMARK(BM_Engine)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Flicker)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Replay)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_EngineCurrents)
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();
BENCHMARK(BM_HlsWindows)
    ->Arg(0)
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->MeasureProcessCPUTime();

}  // namespace
}  // namespace pqa::accel

BENCHMARK_MAIN();
