#include "host/analyzer/analyzer.h"

#include <array>
#include <cstddef>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "host/measure/testing/signal_generator.h"
#include "host/vtcd/event_json.h"

namespace pqa::analyzer {
namespace {

using measure::testing::SignalGenerator;
using measure::testing::TestSignal;

// Three minutes at 128 samples per cycle with three currents, harmonics and
// noise; phase A sags to 45 % from 61.0 s to 61.6 s.
TestSignal Signal() {
  TestSignal s;
  s.sample_rate_hz = 7680;
  s.start = 1741046400LL * 1000000000LL;  // 2025-03-04 00:00:00 UTC
  s.harmonics = {{3, 0.02, 10}, {5, 0.04, -20}, {7, 0.01, 0}};
  s.noise_rms_v = 0.05;
  s.currents = true;
  s.rms_a = {100, 95, 105};
  s.current_angle_deg = {-25, -145, 95};
  s.current_harmonics = {{5, 0.1, 0}};
  return s;
}
constexpr double kSeconds = 180;

struct Output {
  std::vector<std::string> records, events;
  absl::Status status;  // the first error, from Process() or Finish()
};

// The blocks the way a replay hands them over: two buffers alternate, and
// the read of block N + 1 (`meanwhile`) overwrites block N - 1's buffer.
// `sizes` cycle; `corrupt` >= 0: that block loses its currents (an engine
// error on the engine's core).
Output Analyse(int threads, std::vector<std::size_t> sizes, int corrupt = -1) {
  AnalyzerConfig config;
  config.engine.nominal_frequency_hz = 60;
  config.engine.nominal_voltage_v = 127;
  config.engine.current_channels = {3, 4, 5};
  config.intervals = {"window", "150cycle", "10min"};
  config.threads = threads;
  config.pipelined = true;
  Output out;
  auto a = Analyzer::Create(
      config,
      [&out](const pqa::v1::Record& r) {
        out.records.push_back(r.SerializeAsString());
        return absl::OkStatus();
      },
      [&out](const vtcd::AggregatedEvent& e) {
        out.events.push_back(
            vtcd::ToJsonLine(
                vtcd::ToVtcdEventProto(e, nullptr, std::vector<std::string>{"A", "B", "C"}))
                .value_or("?"));
        return absl::OkStatus();
      });
  EXPECT_TRUE(a.ok()) << a.status();
  if (!a.ok()) return out;
  SignalGenerator g(Signal());
  const auto total = static_cast<std::size_t>(kSeconds * Signal().sample_rate_hz);
  std::size_t made = 0;
  int index = 0;
  auto next = [&](io::SampleBlock& block) {
    const std::size_t frames =
        std::min(sizes[static_cast<std::size_t>(index) % sizes.size()], total - made);
    block = g.Next(frames);
    // By frame number: the same samples sag however the blocks are cut.
    const auto sag_from = static_cast<std::size_t>(61.0 * Signal().sample_rate_hz);
    const auto sag_to = static_cast<std::size_t>(61.6 * Signal().sample_rate_hz);
    for (std::size_t i = 0; i < frames; ++i) {
      if (made + i >= sag_from && made + i < sag_to) block.samples[i * block.channels] *= 0.45;
    }
    if (index == corrupt) {  // VA, VB, VC only
      std::vector<double> three;
      for (std::size_t i = 0; i < frames; ++i) {
        for (std::size_t c = 0; c < 3; ++c) three.push_back(block.samples[i * block.channels + c]);
      }
      block.samples = std::move(three);
      block.channels = 3;
    }
    made += frames;
    ++index;
  };
  std::array<io::SampleBlock, 2> blocks;
  std::size_t current = 0;
  next(blocks[current]);
  while (out.status.ok() && blocks[current].frames > 0) {
    const bool more = made < total;
    out.status = (*a)->Process(blocks[current], [&] {
      if (more) {
        next(blocks[1 - current]);
      } else {
        blocks[1 - current] = io::SampleBlock();
      }
    });
    current = 1 - current;
  }
  if (out.status.ok()) out.status = (*a)->Finish();
  (*a)->Drain();
  return out;
}

// Pipelined, the caller's core leaves a block while the engine's core may
// still be at it, and the engine takes the next block straight after: the
// records and events are still byte for byte those of one thread (which do
// not depend on how the blocks are cut), and the buffer the next read
// overwrites is never one the engine still reads.
TEST(Analyzer, PipelinedTwoThreadsGiveTheOneThreadRecordsAndEvents) {
  const Output one = Analyse(1, {16384});
  ASSERT_TRUE(one.status.ok()) << one.status;
  ASSERT_GT(one.records.size(), 900u);
  ASSERT_EQ(one.events.size(), 1u);  // the sag
  for (const std::vector<std::size_t>& sizes :
       {std::vector<std::size_t>{16384}, {30720, 1000, 7680}, {4097}}) {
    const Output two = Analyse(2, sizes);
    ASSERT_TRUE(two.status.ok()) << two.status;
    ASSERT_EQ(two.records.size(), one.records.size()) << sizes.front();
    for (std::size_t i = 0; i < one.records.size(); ++i) {
      ASSERT_EQ(two.records[i], one.records[i]) << "record " << i << ", sizes " << sizes.front();
    }
    EXPECT_EQ(two.events, one.events) << sizes.front();
  }
}

// An engine error on the engine's core (a block without the configured
// currents) reaches the caller, naming the block, whether it surfaces in
// that block's Process() (one thread) or in the next one or Finish()
// (pipelined); nothing is left running.
TEST(Analyzer, AnEngineErrorOnTheEnginesCoreReachesTheCaller) {
  for (int corrupt : {0, 5, 10}) {
    const Output one = Analyse(1, {16384}, corrupt);
    const Output two = Analyse(2, {16384}, corrupt);
    ASSERT_FALSE(one.status.ok()) << corrupt;
    EXPECT_NE(one.status.message().find("current IA is channel 3 but the block has 3 channels"),
              std::string::npos)
        << one.status;
    EXPECT_EQ(two.status, one.status) << corrupt;
  }
}

}  // namespace
}  // namespace pqa::analyzer
