// Throughput of the VTCD chain on three phases: how many seconds of signal
// per second of CPU (real-time factor = items/s / sample rate).
#include <algorithm>
#include <utility>
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
// At 2,000 S/s the per-value work (one Urms(1/2) value per half cycle and
// phase: its window's energy, the boundary, the event detector) weighs as
// much as the per-sample work; issue 21 asks 2 kS/s for at most a quarter of
// 15.36 kS/s.
BENCHMARK(BM_EventDetectorThreePhases)->Arg(2000)->Arg(7680)->Arg(15360);

// The Urms(1/2) front end alone on three phases, side by side (what
// EventDetector::Process runs) and one meter after the other (Process() per
// phase, the path before ProcessTogether): the same values, at what cost.
// Side by side, phases A, B, C in adjacent channels (the replay's layout)
// come in one load; in another order (`gathered`) each lane is fetched on
// its own. At 2 kS/s the cost per half cycle (a crossing on each phase)
// weighs as much as the cost per sample (issue 21: 2 kS/s at most a
// quarter of 15.36 kS/s).
void RunUrmsFrontEnd(benchmark::State& state, bool together, bool gathered = false) {
  test_signals::Signal s;
  s.sample_rate_hz = static_cast<double>(state.range(0));
  s.seconds = 10.0;
  s.third_harmonic_pu = 0.05;
  s.steps = {{0, 2.0, 2.5, 0.5}, {1, 5.0, 5.1, 0.0}};
  const std::vector<double> frames = s.Frames();
  const std::size_t frame_count = frames.size() / 3;
  const UrmsHalfCycleConfig config{60.0, s.rms_v, 0.03};
  std::size_t values = 0;
  // The values go to vectors emptied before each block, as EventDetector's
  // scratch: their capacity stays, and no growth is timed that the replay
  // does not do.
  std::vector<UrmsHalf> out[3];
  for (auto _ : state) {
    std::vector<UrmsHalfCycleMeter> meters(3, UrmsHalfCycleMeter(config, s.sample_rate_hz, 0));
    values = 0;
    UrmsHalfCycleMeter* pointers[3] = {&meters[0], &meters[1], &meters[2]};
    std::vector<UrmsHalf>* outs[3] = {&out[0], &out[1], &out[2]};
    constexpr std::size_t kBlock = 16384;  // what the replay reads at a time
    for (std::size_t done = 0; done < frame_count; done += kBlock) {
      const std::size_t n = std::min(kBlock, frame_count - done);
      const double* inputs[3] = {&frames[3 * done], &frames[3 * done + 1], &frames[3 * done + 2]};
      // Meter p on channel 2 - p: the same three streams, not side by side.
      if (gathered) std::swap(inputs[0], inputs[2]);
      for (std::vector<UrmsHalf>& o : out) o.clear();
      if (together) {
        UrmsHalfCycleMeter::ProcessTogether(pointers, 3, inputs, n, 3, outs);
      } else {
        for (int p = 0; p < 3; ++p) meters[p].Process(inputs[p], n, 3, &out[p]);
      }
      values += out[0].size() + out[1].size() + out[2].size();
    }
    benchmark::DoNotOptimize(values);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * frame_count));
  state.counters["x_realtime"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * s.seconds, benchmark::Counter::kIsRate);
  state.counters["urms_values"] = static_cast<double>(values);
  // Processor time per Urms(1/2) value, everything included: at 2 kS/s
  // (about 17 samples per half cycle) mostly the cost per value.
  state.counters["s_per_value"] =
      benchmark::Counter(static_cast<double>(state.iterations()) * static_cast<double>(values),
                         benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_UrmsThreePhasesTogether(benchmark::State& state) { RunUrmsFrontEnd(state, true); }
void BM_UrmsThreePhasesTogetherGathered(benchmark::State& state) {
  RunUrmsFrontEnd(state, true, true);
}
void BM_UrmsThreePhasesOneByOne(benchmark::State& state) { RunUrmsFrontEnd(state, false); }
BENCHMARK(BM_UrmsThreePhasesTogether)->Arg(2000)->Arg(15360);
BENCHMARK(BM_UrmsThreePhasesTogetherGathered)->Arg(2000)->Arg(15360);
BENCHMARK(BM_UrmsThreePhasesOneByOne)->Arg(2000)->Arg(15360);

}  // namespace
}  // namespace pqa::vtcd

BENCHMARK_MAIN();
