// Throughput of the two backends side by side, in one run: three phases at
// 256 samples per cycle (15.36 kS/s at 60 Hz), 10 s of signal replayed in
// 100 ms blocks. `x_realtime` is seconds of signal per second of processing
// on one core (CPU time of this thread: the machine is shared).
//   BM_Engine/<backend>:  the class A engine (windows, harmonics, aggregation)
//   BM_Flicker/<backend>: three flickermeters (Pinst, Pst)
//   BM_Replay/<backend>:  both, as `pqa replay` runs them on one core
// Backend 0 is cpu (golden, double), 1 is hls (the HLS kernels, native).
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "host/accel/accelerator.h"
#include "host/flicker/flicker_meter.h"
#include "host/measure/measurement_engine.h"
#include "host/measure/testing/signal_generator.h"

namespace pqa::accel {
namespace {

constexpr double kRate = 15360;
constexpr double kSeconds = 10;
constexpr std::size_t kBlockFrames = 1536;

std::vector<io::SampleBlock> MakeBlocks() {
  measure::testing::TestSignal s;
  s.sample_rate_hz = kRate;
  s.start = FromCivilDay(2025, 3, 3);
  s.frequency_hz = 60;  // whole cycles in 10 s, so the replayed loop stays continuous
  s.harmonics = {{3, 0.04, 0}, {5, 0.05, 30}, {7, 0.03, 0}, {11, 0.02, 0}, {13, 0.01, 0}};
  s.noise_rms_v = 0.05;
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
bool Build(benchmark::State& state, bool engine, bool meters, Pipeline& p) {
  const Backend backend = BackendOf(state);
  state.SetLabel(std::string(BackendName(backend)));
  if (engine) {
    measure::EngineConfig config;
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

void RunPipeline(benchmark::State& state, bool engine, bool meters) {
  static std::vector<io::SampleBlock> blocks = MakeBlocks();
  Pipeline p;
  if (!Build(state, engine, meters, p)) return;
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

BENCHMARK(BM_Engine)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Flicker)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();
BENCHMARK(BM_Replay)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime();

}  // namespace
}  // namespace pqa::accel

BENCHMARK_MAIN();
