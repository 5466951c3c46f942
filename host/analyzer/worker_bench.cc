// What a block costs to hand from one core to the other, the way a replay
// with --threads 2 hands it (replay.cc, Analyzer::Process): the caller
// decodes block N + 1 (16,384 frames of int16 codes scaled into doubles
// by the COMTRADE reader's scaling) into one of two buffers while the
// Worker copies block N from the other into channel buffers (the engine's
// de-interleaving).
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
#include "host/io/binary_samples.h"
#include "host/measure/channel_buffer.h"

namespace pqa::analyzer {
namespace {

constexpr std::size_t kBlockFrames = 16384;  // replay.h: frames_per_block

// The replay's two passes over a block, with the project's own code: the
// reader's scaling (io::ChannelScaling, C37.111 a * code + b, then the
// unit factor) into one of two frame-major buffers, and the engine's
// de-interleaving (measure::AppendChannels) of the other into its channel
// buffers.
struct Blocks {
  explicit Blocks(std::size_t channels)
      : channels(channels),
        scaling(std::vector<double>(channels, 0.0063), std::vector<double>(channels, 0.5),
                std::vector<double>(channels, 1.0)),
        channel_buffers(channels) {
    for (std::size_t i = 0; i < kBlockFrames * channels; ++i) {
      codes.push_back(static_cast<std::int16_t>(i * 7));
    }
    for (std::vector<double>& b : buffers) b.assign(kBlockFrames * channels, 0.0);
    for (std::size_t c = 0; c < channels; ++c) {
      channel_buffers[c].reserve(kBlockFrames);
      copies.push_back({c, &channel_buffers[c]});
    }
  }
  void Decode(std::size_t into) { scaling.Apply(codes.data(), kBlockFrames, buffers[into].data()); }
  void Read(std::size_t from) {
    for (measure::ChannelBuffer& b : channel_buffers) b.clear();
    measure::AppendChannels(buffers[from].data(), channels, kBlockFrames, copies);
  }
  std::size_t values() const { return kBlockFrames * channels; }

  std::size_t channels;
  io::ChannelScaling scaling;
  std::vector<std::int16_t> codes;
  std::array<std::vector<double>, 2> buffers;
  std::vector<measure::ChannelBuffer> channel_buffers;
  std::vector<measure::ChannelCopy> copies;
};

void SetCounters(benchmark::State& state, std::size_t values) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(values * sizeof(double)));
}

void BM_BlockOnOneCore(benchmark::State& state) {
  Blocks blocks(static_cast<std::size_t>(state.range(0)));
  std::size_t current = 0;
  for (auto _ : state) {
    blocks.Decode(1 - current);
    blocks.Read(current);
    current = 1 - current;
  }
  benchmark::DoNotOptimize(blocks.channel_buffers[0].data());
  SetCounters(state, blocks.values());
}
BENCHMARK(BM_BlockOnOneCore)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond);

void BM_BlockAcrossCores(benchmark::State& state) {
  Blocks blocks(static_cast<std::size_t>(state.range(0)));
  Worker worker;
  std::size_t current = 0;
  for (auto _ : state) {
    worker.Start([&] { blocks.Read(current); });
    blocks.Decode(1 - current);
    worker.Wait();
    current = 1 - current;
  }
  benchmark::DoNotOptimize(blocks.channel_buffers[0].data());
  SetCounters(state, blocks.values());
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
