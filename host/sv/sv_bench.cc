// How many 9-2LE streams of 256 samples per cycle (15,360 samples/s at
// 60 Hz, 8 ASDUs a frame, 1,920 frames/s) one core follows in real time:
// frames decoded, checked and turned into blocks, and analyzed by the same
// analyzer as `pqa replay` (class A golden engine, flickermeter, event
// detector). The counter `x_realtime` is seconds of one stream's signal per
// processor second of this thread: the number of streams one core can
// follow (goal: at least 20). The kernel's share of receiving the frames
// (AF_PACKET, recvmmsg) is not in it; `pqa analyze` reports the whole
// process's load in its status line.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "host/analyzer/analyzer.h"
#include "host/sv/sv_frame.h"
#include "host/sv/sv_publisher.h"
#include "host/sv/sv_stream.h"
#include "host/synth/synth_source.h"

namespace pqa::sv {
namespace {

constexpr double kRate = 15360;
constexpr double kSeconds = 10;  // whole seconds and cycles: repeating the frames stays continuous

std::vector<std::vector<std::uint8_t>> Frames() {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = kRate;
  spec.duration_s = kSeconds;
  spec.start = 1'740'960'000 * kNsPerSecond;  // 2025-03-03T00:00:00Z
  spec.frequency_hz = 60;
  spec.magnitude_pu = {1, 0.98, 1.01};
  spec.harmonics = {{3, 0.02, 0}, {5, 0.04, 30}, {7, 0.03, 0}, {11, 0.01, 0}};
  spec.modulation = {synth::ModulationShape::kRectangular, 1.0, 0.5};
  spec.currents = true;
  synth::SynthSource source(spec);
  auto maker = SvFrameMaker::Create(source.info(), {});
  std::vector<std::vector<std::uint8_t>> out;
  io::SampleBlock block;
  std::vector<SvFrame> frames;
  std::vector<TimeNs> times;
  while (*source.Next(block, 16384)) {
    frames.clear();
    if (!maker->Add(block, frames, times).ok()) return {};
    for (const SvFrame& f : frames) out.push_back(*EncodeSvFrame(f));
  }
  return out;
}

// Arg analyze: 1 the whole path, 0 decoding and checking only.
void BM_LiveStream256(benchmark::State& state) {
  static const std::vector<std::vector<std::uint8_t>> frames = Frames();
  if (frames.empty()) {
    state.SkipWithError("cannot make the frames");
    return;
  }
  StreamConfig stream;
  stream.nominal_frequency_hz = 60;
  StreamChecker checker(stream);
  analyzer::AnalyzerConfig config;
  config.engine.phase_channels = {4, 5, 6};  // VA, VB, VC of the 9-2LE dataset
  config.engine.nominal_frequency_hz = 60;
  auto a =
      analyzer::Analyzer::Create(config, [](const pqa::v1::Record&) { return absl::OkStatus(); });
  if (!a.ok()) {
    state.SkipWithError(std::string(a.status().message()).c_str());
    return;
  }
  const bool analyze = state.range(0) == 1;
  TimeNs received = 1'900'000'000 * kNsPerSecond;
  const TimeNs frame_period =
      static_cast<TimeNs>(kSeconds * 1e9) / static_cast<TimeNs>(frames.size());
  double seconds = 0;
  for (auto _ : state) {
    for (const std::vector<std::uint8_t>& bytes : frames) {
      absl::StatusOr<SvFrame> f = DecodeSvFrame(bytes);
      if (!f.ok()) {
        state.SkipWithError("decode failed");
        return;
      }
      for (const SvAsdu& asdu : f->asdus) checker.Add(asdu, received, f->asdus.size());
      received += frame_period;
      for (const io::SampleBlock& b : checker.TakeBlocks(false)) {
        if (analyze && !(*a)->Process(b).ok()) state.SkipWithError("Process failed");
      }
    }
    seconds += kSeconds;
  }
  if (checker.counters().restarts != 0 || checker.counters().lost != 0) {
    state.SkipWithError("the repeated frames were not continuous");
  }
  state.counters["x_realtime"] = benchmark::Counter(seconds, benchmark::Counter::kIsRate);
}
BENCHMARK(BM_LiveStream256)->ArgName("analyze")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace pqa::sv

BENCHMARK_MAIN();
