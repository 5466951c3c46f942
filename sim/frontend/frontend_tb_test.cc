// Verilator testbench of hw/rtl/pqa_frontend.sv for one named configuration
// (hw/configs.cmake supplies PQA_FE_* and the Verilated class): every output
// word is compared with the bit-exact C++ model, and the markers of a sag of
// known depth are checked against the analytic values. On a mismatch the
// scenario is run again with an FST trace written next to the test binary.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <numbers>
#include <set>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/frontend/fixed_point.h"
#include "host/frontend/test_signal.h"
#include "sim/frontend/frame_source.h"
#include "sim/frontend/frontend_harness.h"
#include PQA_FE_DUT_HEADER

namespace pqa::sim {
namespace {

using Dut = PQA_FE_DUT;
using frontend::EventKind;
using frontend::Tag;

constexpr double kSampleRate = 15360.0;  // Hz: 256 samples per 60 Hz cycle
constexpr double kPeakVolts = 400.0;     // ADC full scale, V
constexpr double kUref = 230.0;          // V RMS, declared reference

frontend::Shape ConfiguredShape() {
  return {PQA_FE_NUM_VOLTAGE, PQA_FE_NUM_CURRENT, PQA_FE_SAMPLE_WIDTH, PQA_FE_WINDOW_LOG2};
}

frontend::AdcScale Scale() { return *frontend::MakeAdcScale(kPeakVolts, PQA_FE_SAMPLE_WIDTH); }

Scenario MeasurementScenario() {
  Scenario s;
  frontend::Registers& r = s.registers;
  r.uref_sq = frontend::RmsVoltsToMeanSquare(Scale(), kUref);
  r.zc_hysteresis = static_cast<uint32_t>(frontend::VoltsToCode(Scale(), 5.0));
  r.zc_debounce = 4;
  r.half_timeout = 160;  // 1.25 nominal half cycles
  return s;
}

// Three-phase voltages (120 degrees apart) with harmonics and noise, then
// currents; `steps` applies to the voltage channel `event_channel`.
std::vector<frontend::TestSignal> Phases(const std::vector<frontend::AmplitudeStep>& steps,
                                         int event_channel, double noise_volts) {
  const frontend::Shape shape = ConfiguredShape();
  std::vector<frontend::TestSignal> channels;
  for (int c = 0; c < shape.num_channels(); ++c) {
    frontend::TestSignal s;
    const bool voltage = c < shape.num_voltage;
    s.rms_volts = voltage ? kUref : 40.0;  // currents through a 40 V-full-scale shunt path
    s.phase = 0.7 - 2 * std::numbers::pi / 3 * (c % 3) - (voltage ? 0 : 0.5);
    s.harmonics = {{3, 0.02, 0.4}, {5, 0.04, 1.3}};
    s.noise_rms_volts = noise_volts;
    if (c == event_channel) s.steps = steps;
    channels.push_back(s);
  }
  return channels;
}

std::string TracePath() {
  const auto* info = testing::UnitTest::GetInstance()->current_test_info();
  return absl::StrFormat("sim_frontend_%s_%s.fst", info->test_suite_name(), info->name());
}

// Runs the scenario; on a mismatch runs it again with a trace and says where.
template <typename MakeSource>
RunReport RunScenario(const Scenario& scenario, MakeSource make_source, size_t frames) {
  auto once = [&](const std::string& trace) {
    FrontEndHarness<Dut> harness(ConfiguredShape());
    harness.Setup(scenario, trace);
    auto source = make_source();
    harness.Run(*source, frames);
    return harness.Finish();
  };
  RunReport report = once("");
  if (report.mismatches != 0) {
    const std::string path = TracePath();
    once(path);
    ADD_FAILURE() << report.mismatches << " mismatches; first: " << report.first_mismatch
                  << "\ntrace: " << path;
  }
  return report;
}

TEST(FrontEndRtl, RegistersIdentifyTheConfiguration) {
  FrontEndHarness<Dut> harness(ConfiguredShape());
  harness.Setup(MeasurementScenario(), "");
  EXPECT_EQ(harness.ReadRegister(reg::kId), 0x50510001u);
  const uint32_t shape = harness.ReadRegister(reg::kShape);
  EXPECT_EQ(shape & 0xFF, static_cast<uint32_t>(PQA_FE_NUM_VOLTAGE));
  EXPECT_EQ((shape >> 8) & 0xFF, static_cast<uint32_t>(PQA_FE_NUM_CURRENT));
  EXPECT_EQ((shape >> 16) & 0xFF, static_cast<uint32_t>(PQA_FE_SAMPLE_WIDTH));
  EXPECT_EQ(harness.ReadRegister(reg::kZcDebounce), 4u);
  harness.WriteRegister(reg::kSagPu, 0x7000);
  EXPECT_EQ(harness.ReadRegister(reg::kSagPu), 0x7000u);
  EXPECT_EQ(harness.ReadRegister(0xFC), 0u) << "unmapped reads as zero";
  harness.Finish();
}

TEST(FrontEndRtl, ThreePhaseWithEventsMatchesModelWordForWord) {
  const std::vector<frontend::AmplitudeStep> steps = {
      {0.0913, 0.2, 0.45}, {0.27, 0.31, 1.25}, {0.36, 0.43, 0.0}};
  const RunReport r = RunScenario(
      MeasurementScenario(),
      [&] {
        return std::make_unique<TestSignalFrames>(Phases(steps, PQA_FE_NUM_VOLTAGE - 1, 1.0),
                                                  Scale(), kSampleRate, 7);
      },
      static_cast<size_t>(0.55 * kSampleRate));
  EXPECT_EQ(r.mismatches, 0u);
  EXPECT_GE(r.model_markers, 8u) << "sag, swell, interruption (+ its sag): starts and ends";
  EXPECT_EQ(r.frames_counter, r.frames);
  EXPECT_EQ(r.words_counter, r.words);
  EXPECT_EQ(r.markers_counter, r.model_markers);
  EXPECT_EQ(r.index_gaps_counter, 0u);
}

TEST(FrontEndRtl, RandomCodesWithGapsAndBackPressureMatchModel) {
  Scenario s = MeasurementScenario();
  s.gap_probability = 0.3;
  s.stall_probability = 0.4;
  s.seed = 11;
  s.registers.zc_debounce = 2;
  s.registers.half_timeout = 300;
  s.registers.channel_enable = 0xFFFF & ~0x2u;  // channel 1 (if any) disabled
  const RunReport r = RunScenario(
      s,
      [] {
        return std::make_unique<RandomFrames>(ConfiguredShape().num_channels(), PQA_FE_SAMPLE_WIDTH,
                                              5);
      },
      12000);
  EXPECT_EQ(r.mismatches, 0u);
  EXPECT_EQ(r.frames, 12000u);
  EXPECT_GT(r.results.size(), 100u) << "the random codes must exercise the result paths";
  std::set<Tag> tags;
  bool forced = false;
  for (const frontend::OutputWord& w : r.results) {
    tags.insert(w.tag);
    if (auto hc = frontend::DecodeHalfCycle(w)) forced |= !hc->ends_at_crossing;
  }
  EXPECT_THAT(
      tags, testing::ElementsAre(Tag::kHalfCycle, Tag::kPeriod, Tag::kEventStart, Tag::kEventEnd));
  EXPECT_TRUE(forced) << "silence must force half-cycle boundaries";
}

TEST(FrontEndRtl, SagOfKnownDepthGivesAnalyticResidualAndTiming) {
  // A 0.6 pu sag on the last voltage channel, starting at an arbitrary phase
  // and lasting 12.3 cycles.
  const double t0 = 0.1171, t1 = t0 + 12.3 / 60.0, depth = 0.6;
  const int channel = PQA_FE_NUM_VOLTAGE - 1;
  const RunReport r = RunScenario(
      MeasurementScenario(),
      [&] {
        return std::make_unique<TestSignalFrames>(Phases({{t0, t1, depth}}, channel, 0.0), Scale(),
                                                  kSampleRate, 3);
      },
      static_cast<size_t>(0.5 * kSampleRate));
  ASSERT_EQ(r.mismatches, 0u);
  std::vector<frontend::EventMarker> markers;
  for (const frontend::OutputWord& w : r.results) {
    if (auto m = frontend::DecodeMarker(w)) markers.push_back(*m);
  }
  ASSERT_THAT(markers, testing::SizeIs(2));
  const frontend::EventMarker& start = markers[0];
  const frontend::EventMarker& end = markers[1];
  EXPECT_EQ(start.channel, channel);
  EXPECT_EQ(start.kind, EventKind::kSag);
  EXPECT_TRUE(start.start);
  EXPECT_FALSE(end.start);
  // Residual voltage: the RMS of the sagged fundamental and harmonics.
  const double residual = depth * kUref * std::sqrt(1 + 0.02 * 0.02 + 0.04 * 0.04);
  EXPECT_NEAR(frontend::MeanSquareToRmsVolts(Scale(), end.mean_square), residual, 0.002 * residual);
  // Start and end within one cycle of the analytic instants, time-stamped
  // with the start of the Urms(1/2) window that crossed.
  const double cycle = kSampleRate / 60.0;
  EXPECT_NEAR(start.window_start(), t0 * kSampleRate, cycle);
  EXPECT_NEAR(end.window_start(), t1 * kSampleRate, cycle);
}

TEST(FrontEndRtl, FullRateThroughputAndFixedLatency) {
  const size_t frames = static_cast<size_t>(0.3 * kSampleRate);
  const RunReport r = RunScenario(
      MeasurementScenario(),
      [] {
        return std::make_unique<TestSignalFrames>(Phases({{0.1, 0.2, 0.5}}, 0, 0.0), Scale(),
                                                  kSampleRate, 1);
      },
      frames);
  ASSERT_EQ(r.mismatches, 0u);
  // Without back-pressure the pipeline takes a frame every clock and spends
  // one extra clock per result word: clocks = frames + results + latency.
  const uint64_t cycles = r.last_word_cycle - r.first_accept_cycle + 1;
  const uint64_t fill = 6;  // r1 .. r6, see pqa_frontend.sv
  EXPECT_EQ(cycles, r.frames + r.results.size() + fill);
  const double frames_per_clock = static_cast<double>(r.frames) / cycles;
  EXPECT_GT(frames_per_clock, 0.95);
  // A frame's result words leave 6 clocks after its input handshake plus
  // their place in the frame's group (sample word first).
  const auto hc = r.latency.at(Tag::kHalfCycle);
  const auto ev = r.latency.at(Tag::kEventStart);
  EXPECT_GE(hc.first, fill + 1);
  EXPECT_LE(hc.second, fill + 1 + 4 * PQA_FE_NUM_VOLTAGE);
  EXPECT_GE(ev.first, fill + 2);
  std::printf(
      "[ figures  ] %zu frames in %llu clocks: %.4f frames/clock/channel; "
      "latency half-cycle %llu..%llu, event start %llu..%llu clocks\n",
      r.frames, static_cast<unsigned long long>(cycles), frames_per_clock,
      static_cast<unsigned long long>(hc.first), static_cast<unsigned long long>(hc.second),
      static_cast<unsigned long long>(ev.first), static_cast<unsigned long long>(ev.second));
  testing::Test::RecordProperty("frames_per_clock", std::to_string(frames_per_clock));
}

// An in-memory recording in volts, delivered in blocks as a reader would.
class RecordedSource : public io::SampleSource {
 public:
  RecordedSource(int channels, size_t frames) {
    info_.source_name = "recorded.cfg";
    info_.channels.resize(static_cast<size_t>(channels));
    volts_.assign(frames * static_cast<size_t>(channels), 0.0);
    for (int c = 0; c < channels; ++c) {
      frontend::TestSignal s;
      s.phase = 0.3 * c;
      s.steps = {{0.05, 0.12, 0.3}};
      frontend::TestSignalSampler sampler(s, kSampleRate, 9);
      for (size_t n = 0; n < frames; ++n) volts_[n * channels + c] = sampler.Next();
    }
    frames_ = frames;
  }
  const io::StreamInfo& info() const override { return info_; }
  absl::StatusOr<bool> Next(io::SampleBlock& block, size_t max_frames) override {
    if (next_ >= frames_) return false;
    const size_t channels = info_.channels.size();
    block.channels = channels;
    block.sample_rate_hz = kSampleRate;
    block.frames = std::min(max_frames, frames_ - next_);
    block.samples.assign(volts_.begin() + next_ * channels,
                         volts_.begin() + (next_ + block.frames) * channels);
    next_ += block.frames;
    return true;
  }

 private:
  io::StreamInfo info_;
  std::vector<double> volts_;
  size_t frames_ = 0, next_ = 0;
};

TEST(FrontEndRtl, RecordedWaveformDrivesTheTestbenchToItsEnd) {
  const int channels = ConfiguredShape().num_channels();
  RecordedSource recording(channels, 3000);
  SampleSourceFrames frames(recording, std::vector<frontend::AdcScale>(channels, Scale()));
  FrontEndHarness<Dut> harness(ConfiguredShape());
  harness.Setup(MeasurementScenario(), "");
  harness.Run(frames, 1000000);  // until the recording ends
  const RunReport r = harness.Finish();
  EXPECT_TRUE(frames.status().ok()) << frames.status();
  EXPECT_EQ(r.mismatches, 0u) << r.first_mismatch;
  EXPECT_EQ(r.frames, 3000u);
  // A 0.3 pu sag on every channel: start and end on each voltage channel.
  EXPECT_EQ(r.model_markers, 2u * PQA_FE_NUM_VOLTAGE);
}

TEST(FrontEndRtl, RecordingWithOtherChannelsIsAnErrorNamingTheFile) {
  RecordedSource recording(ConfiguredShape().num_channels() + 1, 10);
  SampleSourceFrames frames(recording, {Scale()});
  std::vector<int32_t> codes;
  EXPECT_FALSE(frames.Next(codes));
  EXPECT_THAT(std::string(frames.status().message()), testing::HasSubstr("recorded.cfg"));
}

// The handshake assertions are compiled in (--assert, +define+PQA_ASSERT):
// an upstream master that withdraws a frame before TREADY stops the run.
TEST(FrontEndRtlDeathTest, WithdrawnInputFrameTripsTheHandshakeAssertion) {
  auto withdraw = [] {
    dup2(2, 1);  // Verilator reports on stdout; the death test reads stderr
    ClockedModel<Dut> sim;
    Dut& d = sim.dut();
    d.m_axis_tready_i = 0;  // back-pressure until the input must stall
    sim.Reset(2);
    d.s_axis_tvalid_i = 1;
    for (int i = 0; i < 50; ++i) {
      d.s_axis_tuser_i = static_cast<uint32_t>(i);
      sim.Settle();
      if (!d.s_axis_tready_o) break;
      sim.Tick();
    }
    sim.Tick();             // the frame is presented and not taken...
    d.s_axis_tvalid_i = 0;  // ...and withdrawn
    for (int i = 0; i < 3; ++i) sim.Tick();
  };
  EXPECT_DEATH(withdraw(), "InValidHeld");
}

}  // namespace
}  // namespace pqa::sim
