// Throughput of the whole replay: three phases at 256 samples per cycle
// (15.36 kS/s at 60 Hz) through the analyzer (class A engine, flickermeter,
// event detector), from memory and from a COMTRADE file. The counter
// `x_realtime` is seconds of signal per processor second of this thread,
// i.e. times real time on one core. Targets (issues 2 and 3): the engine
// stage >= 2,000x, the whole replay with flicker >= 1,000x.
#include <benchmark/benchmark.h>

#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "host/analyzer/analyzer.h"
#include "host/io/comtrade_writer.h"
#include "host/replay/replay.h"
#include "host/synth/synth_recording.h"
#include "host/synth/waveform.h"

namespace pqa::replay {
namespace {

constexpr double kRate = 15360;
constexpr double kSeconds = 10;
constexpr std::size_t kBlockFrames = 16384;  // what Replay() reads at a time on one thread

synth::WaveformSpec Content(double seconds) {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = kRate;
  spec.duration_s = seconds;
  spec.start = 1'740'960'000 * kNsPerSecond;  // 2025-03-03T00:00:00Z
  spec.frequency_hz = 60;  // whole cycles in 10 s: the repeated blocks stay continuous
  spec.magnitude_pu = {1, 0.98, 1.01};
  spec.harmonics = {{3, 0.02, 0}, {5, 0.04, 30}, {7, 0.03, 0}, {11, 0.01, 0}};
  spec.modulation = {synth::ModulationShape::kRectangular, 1.0, 0.5};  // 1 Hz: whole periods
  spec.noise_pct = 0.02;
  return spec;
}

std::vector<io::SampleBlock> Blocks() {
  const synth::WaveformSpec spec = Content(kSeconds);
  synth::WaveformGenerator g(spec);
  std::vector<io::SampleBlock> blocks;
  TimeNs t = spec.start;
  while (true) {
    io::SampleBlock b;
    b.samples.resize(kBlockFrames * 3);
    const std::size_t n = g.Generate(b.samples.data(), kBlockFrames);
    if (n == 0) break;
    b.start = t;
    b.sample_rate_hz = kRate;
    b.channels = 3;
    b.frames = n;
    b.samples.resize(n * 3);
    t += static_cast<TimeNs>(static_cast<double>(n) * 1e9 / kRate + 0.5);
    blocks.push_back(std::move(b));
  }
  return blocks;
}

// Args: stages (0 everything, 1 without events, 2 the class A engine alone)
// and backend (0 the golden double-precision engine, 1 the HLS kernels
// compiled for this CPU).
void BM_Analyzer(benchmark::State& state) {
  static const std::vector<io::SampleBlock> source = Blocks();
  std::vector<io::SampleBlock> blocks = source;
  analyzer::AnalyzerConfig config;
  config.flicker = state.range(0) <= 1;
  config.events = state.range(0) == 0;
  config.backend = state.range(1) == 0 ? accel::Backend::kCpu : accel::Backend::kHls;
  long records = 0;
  auto a = analyzer::Analyzer::Create(config, [&](const pqa::v1::Record&) {
    ++records;
    return absl::OkStatus();
  });
  if (!a.ok()) {
    state.SkipWithError(std::string(a.status().message()).c_str());
    return;
  }
  double seconds = 0;
  for (auto _ : state) {
    for (io::SampleBlock& b : blocks) {
      if (!(*a)->Process(b).ok()) state.SkipWithError("Process failed");
      b.start += static_cast<TimeNs>(kSeconds * 1e9);  // the same signal, 10 s later
    }
    seconds += kSeconds;
  }
  state.counters["x_realtime"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Analyzer)
    ->ArgNames({"stages", "hls"})
    ->ArgsProduct({{0, 1, 2}, {0, 1}})
    ->Unit(benchmark::kMillisecond);

// Replays `options.input` once per iteration; x_realtime counts its signal.
void ReplayRepeatedly(benchmark::State& state, const ReplayOptions& options) {
  double seconds = 0;
  for (auto _ : state) {
    auto summary = Replay(options, [](const pqa::v1::Record&) { return absl::OkStatus(); });
    if (!summary.ok()) {
      state.SkipWithError(std::string(summary.status().message()).c_str());
      return;
    }
    seconds += summary->signal_s;
  }
  state.counters["x_realtime"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
}

// The same for a recording written beforehand; an empty path is one that
// could not be written.
void ReplayFileRepeatedly(benchmark::State& state, const std::string& path,
                          ReplayOptions options = {}) {
  if (path.empty()) {
    state.SkipWithError("cannot write the benchmark recording");
    return;
  }
  options.input = path;
  ReplayRepeatedly(state, options);
}

// A 2-minute BINARY32 COMTRADE file of Content(), written once; empty if it
// could not be written.
const std::string& ContentFile() {
  static const std::string path = [] {
    const std::string p =
        (std::filesystem::temp_directory_path() / "pqa-replay-bench.cfg").string();
    if (!synth::WriteComtrade(Content(120), {}, p).ok()) return std::string();
    return p;
  }();
  return path;
}

// The real path: a 2-minute BINARY32 COMTRADE file read, measured, written
// nowhere, flicker included. Arg events: 1 with event detection, 0 without.
void BM_ReplayFile(benchmark::State& state) {
  ReplayOptions options;
  options.analyzer.events = state.range(0) == 1;
  ReplayFileRepeatedly(state, ContentFile(), options);
}
BENCHMARK(BM_ReplayFile)->ArgName("events")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The same file, everything on, with one thread or two (--threads 2: the
// engine on a second core, the file read on the first, and whichever is
// free shares the windows), in wall time: x_realtime is then seconds of
// signal per wall second, the figure `pqa replay` prints first.
void BM_ReplayFileThreads(benchmark::State& state) {
  ReplayOptions options;
  options.analyzer.threads = static_cast<int>(state.range(0));
  ReplayFileRepeatedly(state, ContentFile(), options);
}
BENCHMARK(BM_ReplayFileThreads)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// Issue 17: the same 2-minute recording (three voltages at 256 samples per
// cycle, BINARY32, flicker and events included) without and with three
// currents (100 A lagging 25 degrees, 20 % fifth and 14 % seventh
// harmonic): currents, current harmonics and power against the voltage-only
// figure, in one run. Arg currents: 0 voltages only, 1 with IA, IB, IC.
std::string CurrentsRecording(bool currents) {
  synth::WaveformSpec spec = Content(120);
  spec.currents = currents;
  spec.current_harmonics = {{5, 0.2, 0}, {7, 0.14, 0}};
  if (!currents) spec.current_harmonics.clear();
  const std::string p = (std::filesystem::temp_directory_path() /
                         (currents ? "pqa-bench-currents.cfg" : "pqa-bench-voltages.cfg"))
                            .string();
  return synth::WriteComtrade(spec, {}, p).ok() ? p : "";
}

void BM_ReplayCurrents(benchmark::State& state) {
  static const std::string paths[2] = {CurrentsRecording(false), CurrentsRecording(true)};
  ReplayFileRepeatedly(state, paths[state.range(0)]);
}
BENCHMARK(BM_ReplayCurrents)->ArgName("currents")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Issue 16: a frequency-tracking recorder writes one rate segment per cycle
// (256 samples of a frequency that wanders 59.7..60.3 Hz); it must replay
// at no less than half the speed of the same signal at one rate. Arg
// tracking: 0 one rate (15,360 S/s), 1 a segment per cycle. 60 s, BINARY32,
// flicker and events included.
std::string TrackingRecording(bool tracking) {
  const std::string p = (std::filesystem::temp_directory_path() /
                         (tracking ? "pqa-bench-tracking.cfg" : "pqa-bench-one-rate.cfg"))
                            .string();
  io::ComtradeWriterOptions o;
  o.format = io::ComtradeFormat::kBinary32;
  o.sample_rate_hz = kRate;
  o.start = 1'740'960'000 * kNsPerSecond;
  for (const char* ph : {"A", "B", "C"})
    o.channels.push_back({std::string("V") + ph, ph, "V", 1, 1, 'P', 200});
  auto w = io::ComtradeWriter::Create(p, o);
  if (!w.ok()) return "";
  double t = 0, phase = 0;
  std::vector<double> frame(3);
  for (int cycle = 0; cycle < 3600; ++cycle) {
    const double f = 60 + 0.3 * std::sin(cycle * 0.01);
    const double rate = tracking ? 256 * f : kRate;
    if (tracking && !(*w)->ChangeRate(rate).ok()) return "";
    const int samples = tracking ? 256 : (cycle % 4 == 0 ? 257 : 256);
    for (int k = 0; k < samples; ++k, t += 1 / rate) {
      for (int c = 0; c < 3; ++c) frame[c] = 127 * std::sqrt(2.0) * std::sin(phase - c * 2.0944);
      phase += 2 * 3.14159265358979 * f / rate;
      if (!(*w)->Append(frame.data(), 1).ok()) return "";
    }
  }
  return (*w)->Close().ok() ? p : "";
}

void BM_ReplayFrequencyTracking(benchmark::State& state) {
  static const std::string paths[2] = {TrackingRecording(false), TrackingRecording(true)};
  ReplayFileRepeatedly(state, paths[state.range(0)]);
}
BENCHMARK(BM_ReplayFrequencyTracking)
    ->ArgName("tracking")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pqa::replay

BENCHMARK_MAIN();
