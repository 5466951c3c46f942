// What a block costs to hand from one core to the other, the way a replay
// with --threads 2 hands it (replay.cc, Analyzer::Process): the caller
// reads block N + 1 (16,384 frames of int16 codes, scaled into doubles by
// the COMTRADE reader's scaling) into one of two buffers while the Worker
// puts block N from the other into the engine's channel buffers.
// Every buffer the caller writes was read by the worker one block before,
// so each of its cache lines comes back from the other core.
//
// Block*: the doubles cross (the engine de-interleaves the scaled block;
// before issue 21 round 7). Codes*: only the int16 codes cross (the caller
// keeps its doubles, the engine decodes the codes: io::SampleCodes,
// measure::AppendScaledChannels), a quarter of the bytes.
// *OnOneCore does the two passes one after the other on one thread: the
// cost of the work itself. *AcrossCores overlaps them on two cores; the
// difference (if it takes longer than the slower pass on one core) is what
// moving the data between the cores costs, less the hand-over itself
// (BM_HandOver). BM_LineRoundTrip: one cache line sent to the other core
// and back, the latency under all of it (on a virtual machine it changes
// with where the host puts the two vCPUs: BENCHMARKS.md, round 7).
// Arg: channels per frame (3 voltages; 6 with the currents).
#include <benchmark/benchmark.h>
#include <pthread.h>

#include <array>
#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "host/analyzer/worker.h"
#include "host/io/binary_samples.h"
#include "host/measure/channel_buffer.h"

namespace pqa::analyzer {
namespace {

constexpr std::size_t kBlockFrames = 16384;  // replay::BlockFrames with one thread

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
    for (std::vector<std::int16_t>& b : code_buffers) b.assign(kBlockFrames * channels, 0);
    for (std::size_t c = 0; c < channels; ++c) {
      channel_buffers[c].reserve(kBlockFrames);
      copies.push_back({c, &channel_buffers[c]});
    }
  }
  // The reader's gather of the codes into the block, then its scaling of
  // them into the doubles the caller's thread keeps (both designs).
  void Decode(std::size_t into) {
    std::copy(codes.begin(), codes.end(), code_buffers[into].begin());
    scaling.Apply(code_buffers[into].data(), kBlockFrames, buffers[into].data());
  }
  void Read(std::size_t from) {
    for (measure::ChannelBuffer& b : channel_buffers) b.clear();
    measure::AppendChannels(buffers[from].data(), channels, kBlockFrames, copies);
  }
  void ReadCodes(std::size_t from) {
    for (measure::ChannelBuffer& b : channel_buffers) b.clear();
    measure::AppendScaledChannels(code_buffers[from].data(), channels, kBlockFrames, scaling.a(),
                                  scaling.b(), scaling.factor(), copies);
  }
  std::size_t values() const { return kBlockFrames * channels; }

  std::size_t channels;
  io::ChannelScaling scaling;
  std::vector<std::int16_t> codes;
  std::array<std::vector<double>, 2> buffers;
  std::array<std::vector<std::int16_t>, 2> code_buffers;
  std::vector<measure::ChannelBuffer> channel_buffers;
  std::vector<measure::ChannelCopy> copies;
};

void SetCounters(benchmark::State& state, std::size_t values) {
  state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(values * sizeof(double)));
}

// The caller's pass on block N + 1 and the engine's on block N, one after
// the other on one thread.
template <void (Blocks::*kDecode)(std::size_t), void (Blocks::*kRead)(std::size_t)>
void OnOneCore(benchmark::State& state) {
  Blocks blocks(static_cast<std::size_t>(state.range(0)));
  std::size_t current = 0;
  for (auto _ : state) {
    (blocks.*kDecode)(1 - current);
    (blocks.*kRead)(current);
    current = 1 - current;
  }
  benchmark::DoNotOptimize(blocks.channel_buffers[0].data());
  SetCounters(state, blocks.values());
}

// The same two passes overlapped, the engine's on the Worker.
template <void (Blocks::*kDecode)(std::size_t), void (Blocks::*kRead)(std::size_t)>
void AcrossCores(benchmark::State& state) {
  Blocks blocks(static_cast<std::size_t>(state.range(0)));
  Worker worker;
  std::size_t current = 0;
  for (auto _ : state) {
    worker.Post([&] { (blocks.*kRead)(current); });
    (blocks.*kDecode)(1 - current);
    worker.Wait();
    current = 1 - current;
  }
  benchmark::DoNotOptimize(blocks.channel_buffers[0].data());
  SetCounters(state, blocks.values());
}

void BM_BlockOnOneCore(benchmark::State& state) {
  OnOneCore<&Blocks::Decode, &Blocks::Read>(state);
}
BENCHMARK(BM_BlockOnOneCore)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond);

void BM_BlockAcrossCores(benchmark::State& state) {
  AcrossCores<&Blocks::Decode, &Blocks::Read>(state);
}
BENCHMARK(BM_BlockAcrossCores)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_CodesOnOneCore(benchmark::State& state) {
  OnOneCore<&Blocks::Decode, &Blocks::ReadCodes>(state);
}
BENCHMARK(BM_CodesOnOneCore)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond);

void BM_CodesAcrossCores(benchmark::State& state) {
  AcrossCores<&Blocks::Decode, &Blocks::ReadCodes>(state);
}
BENCHMARK(BM_CodesAcrossCores)->Arg(3)->Arg(6)->Unit(benchmark::kMicrosecond)->UseRealTime();

// The hand-over alone: an empty task started and waited for, the fixed
// part of BM_BlockAcrossCores.
void BM_HandOver(benchmark::State& state) {
  Worker worker;
  for (auto _ : state) {
    worker.Post([] {});
    worker.Wait();
  }
}
BENCHMARK(BM_HandOver)->Unit(benchmark::kMicrosecond)->UseRealTime();

// Pins the calling thread to processor `cpu`; false where it cannot.
bool PinTo(int cpu) {
  cpu_set_t set;
  CPU_ZERO(&set);
  CPU_SET(cpu, &set);
  return pthread_setaffinity_np(pthread_self(), sizeof set, &set) == 0;
}

// A cache line from processor 0 to processor 1 and back: the first thread
// writes an odd number, the second answers with the next even one.
void BM_LineRoundTrip(benchmark::State& state) {
  cpu_set_t before;
  pthread_getaffinity_np(pthread_self(), sizeof before, &before);
  if (std::thread::hardware_concurrency() < 2 || !PinTo(0)) {
    state.SkipWithError("needs processors 0 and 1");
    return;
  }
  alignas(64) std::atomic<std::uint64_t> line{0};
  std::atomic<bool> stop{false};
  std::thread echo([&] {
    PinTo(1);
    std::uint64_t seen = 0;
    while (!stop.load(std::memory_order_relaxed)) {
      const std::uint64_t v = line.load(std::memory_order_acquire);
      if (v != seen && v % 2 == 1) {
        seen = v + 1;
        line.store(seen, std::memory_order_release);
      }
    }
  });
  std::uint64_t sent = 1;
  for (auto _ : state) {
    line.store(sent, std::memory_order_release);
    while (line.load(std::memory_order_acquire) != sent + 1) {
    }
    sent += 2;
  }
  stop.store(true);
  echo.join();
  pthread_setaffinity_np(pthread_self(), sizeof before, &before);
}
BENCHMARK(BM_LineRoundTrip)->Unit(benchmark::kNanosecond)->UseRealTime();

}  // namespace
}  // namespace pqa::analyzer

BENCHMARK_MAIN();
