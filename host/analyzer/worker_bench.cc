// What a block costs to hand from one core to the other, the way a replay
// with --threads 2 hands it (replay.cc, Analyzer::Process): the caller
// decodes block N + 1 (16,384 frames of int16 codes scaled into doubles,
// as the COMTRADE reader does) into one of two buffers while the Worker
// reads block N from the other (as the engine's de-interleaving does).
// Every buffer the caller writes was read by the worker one block before,
// so each of its cache lines comes back from the other core.
//
// BM_BlockOnOneCore does the same two passes one after the other on one
// thread: the cost of the work itself. BM_BlockAcrossCores overlaps them on
// two cores; the difference (if it takes longer than the slower pass of
// BM_BlockOnOneCore) is what moving the data between the cores costs, less
// the hand-over itself (BM_HandOver).
// Arg: channels per frame (3 voltages; 6 with the currents).
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <vector>

#include "host/analyzer/worker.h"

namespace pqa::analyzer {
namespace {

constexpr std::size_t kBlockFrames = 16384;  // replay.h: frames_per_block

struct Blocks {
  explicit Blocks(std::size_t channels) : values(kBlockFrames * channels) {
    for (std::size_t i = 0; i < values; ++i) codes.push_back(static_cast<std::int16_t>(i * 7));
    for (std::vector<double>& b : buffers) b.assign(values, 0.0);
  }
  // C37.111: value = a * code + b, then the channel's unit factor.
  void Decode(std::size_t into) {
    double* out = buffers[into].data();
    for (std::size_t i = 0; i < values; ++i) out[i] = (0.0063 * codes[i] + 0.5) * 1.0;
  }
  // Eight running sums: a pass at the speed of the loads, not of one chain of additions.
  double Read(std::size_t from) const {
    const double* in = buffers[from].data();
    std::array<double, 8> sums{};
    for (std::size_t i = 0; i + 8 <= values; i += 8) {
      for (std::size_t j = 0; j < 8; ++j) sums[j] += in[i + j];
    }
    double sum = 0;
    for (double s : sums) sum += s;
    return sum;
  }
  std::size_t values;
  std::vector<std::int16_t> codes;
  std::array<std::vector<double>, 2> buffers;
};

void SetCounters(benchmark::State& state, std::size_t values) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(values * sizeof(double)));
}

void BM_BlockOnOneCore(benchmark::State& state) {
  Blocks blocks(static_cast<std::size_t>(state.range(0)));
  std::size_t current = 0;
  double sum = 0;
  for (auto _ : state) {
    blocks.Decode(1 - current);
    sum += blocks.Read(current);
    current = 1 - current;
  }
  benchmark::DoNotOptimize(sum);
  SetCounters(state, blocks.values);
}
BENCHMARK(BM_BlockOnOneCore)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond);

void BM_BlockAcrossCores(benchmark::State& state) {
  Blocks blocks(static_cast<std::size_t>(state.range(0)));
  Worker worker;
  std::size_t current = 0;
  double sum = 0;
  for (auto _ : state) {
    worker.Start([&] { sum += blocks.Read(current); });
    blocks.Decode(1 - current);
    worker.Wait();
    current = 1 - current;
  }
  benchmark::DoNotOptimize(sum);
  SetCounters(state, blocks.values);
}
BENCHMARK(BM_BlockAcrossCores)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The hand-over alone: an empty task started and waited for, the fixed
// part of BM_BlockAcrossCores.
void BM_HandOver(benchmark::State& state) {
  Worker worker;
  for (auto _ : state) {
    worker.Start([] {});
    worker.Wait();
  }
}
BENCHMARK(BM_HandOver)->Unit(benchmark::kMicrosecond)->UseRealTime();

}  // namespace
}  // namespace pqa::analyzer

BENCHMARK_MAIN();
