// The event issue's analytic recordings through the RTL: each recording
// (sags, swells, interruptions of known depth and duration on one, two or
// three phases, from arbitrary points on the wave) is written to COMTRADE
// with io::ComtradeWriter and read back with io::ComtradeReader; the RTL
// (with random input gaps and output back-pressure, every word compared with
// the model by the harness) and the software path (FrontEndDetector::Process
// on the same file) must then give identical markers and identical
// aggregated events, and those events must meet class A against the steps.
#include <cmath>
#include <cstdio>
#include <numbers>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/frontend/front_end_detector.h"
#include "host/io/comtrade_reader.h"
#include "host/io/comtrade_writer.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/test_signals.h"
#include "sim/frontend/frame_source.h"
#include "sim/frontend/frontend_harness.h"
#include PQA_FE_DUT_HEADER

namespace pqa::sim {
namespace {

using Dut = PQA_FE_DUT;
using vtcd::VtcdClass;

constexpr TimeNs kT0 = 1'741'000'000 * kNsPerSecond;  // 2025-03-03T11:06:40Z
constexpr double kSampleRate = 15360.0;               // Hz
constexpr double kCurrentFullScale = 50.0;            // A, peak of the current channels' ADC

frontend::Shape ConfiguredShape() {
  return {PQA_FE_NUM_VOLTAGE, PQA_FE_NUM_CURRENT, PQA_FE_SAMPLE_WIDTH, PQA_FE_WINDOW_LOG2};
}

struct Step {
  std::vector<int>
      phases;  // >= NumVoltage dropped; none left: phase 0 (single-phase configurations)
  double level_pu, start_s, duration_s;
};

struct RecordingCase {
  std::string name;
  double frequency_hz;
  std::vector<Step> steps;
  double seconds;
  VtcdClass expected;  // class of the one aggregated event
  size_t members;      // events merged into it (item 88 c: within 3 minutes)
};

vtcd::test_signals::Signal SignalFor(const RecordingCase& c) {
  vtcd::test_signals::Signal s;
  s.sample_rate_hz = kSampleRate;
  s.frequency_hz = c.frequency_hz;
  s.rms_v = 127.0;
  s.seconds = c.seconds;
  s.phases = PQA_FE_NUM_VOLTAGE;
  s.phase0_rad = 1.1;
  s.third_harmonic_pu = 0.02;
  for (const Step& step : c.steps) {
    std::vector<int> phases;
    for (int p : step.phases) {
      if (p < s.phases) phases.push_back(p);
    }
    if (phases.empty()) phases = {0};
    for (int p : phases) {
      s.steps.push_back({p, step.start_s, step.start_s + step.duration_s, step.level_pu});
    }
  }
  return s;
}

frontend::FrontEndDetectorConfig DetectorConfig(const vtcd::test_signals::Signal& s) {
  frontend::FrontEndDetectorConfig config;
  config.detector.limits.nominal_frequency_hz = s.frequency_hz;
  config.detector.declared_voltage_v = s.rms_v;
  config.detector.phase_names.clear();
  config.phase_channels.clear();
  for (int p = 0; p < s.phases; ++p) {
    config.detector.phase_names.push_back(std::string(1, 'A' + p));
    config.phase_channels.push_back(static_cast<size_t>(p));
  }
  config.sample_width = PQA_FE_SAMPLE_WIDTH;
  config.window_log2 = PQA_FE_WINDOW_LOG2;
  return config;
}

// The voltages of `s`, then a 10 A current per current channel, as COMTRADE.
std::string WriteRecording(const RecordingCase& c, const vtcd::test_signals::Signal& s) {
  const frontend::Shape shape = ConfiguredShape();
  io::ComtradeWriterOptions options;
  options.format = io::ComtradeFormat::kBinary32;
  options.sample_rate_hz = kSampleRate;
  options.start = kT0;
  options.nominal_frequency_hz = s.frequency_hz;
  for (int ch = 0; ch < shape.num_channels(); ++ch) {
    const bool voltage = ch < shape.num_voltage;
    io::ComtradeChannelSpec spec;
    spec.id = (voltage ? "V" : "I") + std::to_string(ch);
    spec.phase = std::string(1, 'A' + ch % 3);
    spec.unit = voltage ? "V" : "A";
    spec.full_scale = voltage ? 2 * std::numbers::sqrt2 * s.rms_v : kCurrentFullScale;
    options.channels.push_back(spec);
  }
  const std::string path = testing::TempDir() + "pqa_fe_events_" + c.name + "_" +
                           std::to_string(PQA_FE_NUM_VOLTAGE) + ".cfg";
  auto writer = io::ComtradeWriter::Create(path, options);
  EXPECT_TRUE(writer.ok()) << writer.status();
  const std::vector<double> volts = s.Frames();
  const size_t frames = volts.size() / static_cast<size_t>(s.phases);
  std::vector<double> frame(static_cast<size_t>(shape.num_channels()));
  for (size_t k = 0; k < frames; ++k) {
    for (int ch = 0; ch < shape.num_channels(); ++ch) {
      frame[static_cast<size_t>(ch)] =
          ch < shape.num_voltage
              ? volts[k * static_cast<size_t>(s.phases) + static_cast<size_t>(ch)]
              : 10 * std::numbers::sqrt2 *
                    std::sin(2 * std::numbers::pi * s.frequency_hz * static_cast<double>(k) /
                                 kSampleRate -
                             0.5 - ch);
    }
    EXPECT_TRUE((*writer)->Append(frame.data(), 1).ok());
  }
  EXPECT_TRUE((*writer)->Close().ok());
  return path;
}

// The recording at `path` through the RTL, to its end. One Verilated model
// at a time: a second one alive while the first is destroyed deadlocks
// Verilator's scope registry (seen with Verilator 5 on Debian).
RunReport RunRtl(const std::string& path, const std::vector<frontend::AdcScale>& scales,
                 const Scenario& scenario, const std::string& trace) {
  auto reader = io::ComtradeReader::Open(path);
  EXPECT_TRUE(reader.ok()) << reader.status();
  if (!reader.ok()) return {};
  SampleSourceFrames frames(**reader, scales);
  FrontEndHarness<Dut> harness(ConfiguredShape());
  harness.Setup(scenario, trace);
  harness.Run(frames, 1u << 30);  // to the end of the recording
  RunReport report = harness.Finish();
  EXPECT_TRUE(frames.status().ok()) << frames.status();
  EXPECT_EQ((*reader)->info().start, kT0) << "the COMTRADE start time";
  return report;
}

class RtlEvents : public ::testing::TestWithParam<RecordingCase> {};

TEST_P(RtlEvents, SameMarkersAndEventsAsTheSoftwarePathWithinClassA) {
  const RecordingCase& c = GetParam();
  const vtcd::test_signals::Signal s = SignalFor(c);
  const std::string path = WriteRecording(c, s);
  const frontend::FrontEndDetectorConfig config = DetectorConfig(s);

  // Software path: the recording's blocks through the model.
  absl::StatusOr<frontend::FrontEndDetector> software = frontend::FrontEndDetector::Create(config);
  ASSERT_TRUE(software.ok()) << software.status();
  {
    auto reader = io::ComtradeReader::Open(path);
    ASSERT_TRUE(reader.ok()) << reader.status();
    io::SampleBlock block;
    while (true) {
      absl::StatusOr<bool> more = (*reader)->Next(block, 4096);
      ASSERT_TRUE(more.ok()) << more.status();
      if (!*more) break;
      ASSERT_TRUE(software->Process(block).ok());
    }
    software->Finish();
  }

  // RTL path: the same file quantised with the same scale, registers from
  // the same configuration, random gaps and back-pressure.
  absl::StatusOr<frontend::Config> model =
      frontend::FrontEndDetector::ModelConfig(config, kSampleRate);
  ASSERT_TRUE(model.ok()) << model.status();
  Scenario scenario;
  scenario.registers = model->registers;
  scenario.gap_probability = 0.1;
  scenario.stall_probability = 0.2;
  scenario.seed = 17;
  std::vector<frontend::AdcScale> scales(static_cast<size_t>(ConfiguredShape().num_channels()),
                                         software->scale());
  for (size_t ch = static_cast<size_t>(PQA_FE_NUM_VOLTAGE); ch < scales.size(); ++ch) {
    scales[ch] = *frontend::MakeAdcScale(kCurrentFullScale, PQA_FE_SAMPLE_WIDTH);
  }
  const RunReport report = RunRtl(path, scales, scenario, "");
  if (report.mismatches != 0) {
    // Again with a trace of every signal, for GTKWave.
    const std::string trace = "sim_frontend_events_" + c.name + ".fst";
    RunRtl(path, scales, scenario, trace);
    FAIL() << report.mismatches << " words differ from the model; first: " << report.first_mismatch
           << "\ntrace: " << trace;
  }
  EXPECT_EQ(report.frames, static_cast<size_t>(std::llround(s.seconds * kSampleRate)));

  absl::StatusOr<frontend::FrontEndDetector> rtl = frontend::FrontEndDetector::Create(config);
  ASSERT_TRUE(rtl.ok());
  ASSERT_TRUE(rtl->StartStream(kT0, kSampleRate).ok());
  for (const frontend::OutputWord& w : report.results) ASSERT_TRUE(rtl->AddWord(w).ok());
  rtl->Finish();

  // Identical markers and identical events.
  EXPECT_EQ(rtl->markers(), software->markers());
  EXPECT_EQ(rtl->half_cycles(), software->half_cycles());
  EXPECT_EQ(rtl->markers().size(), report.model_markers);
  EXPECT_EQ(report.markers_counter, report.model_markers);
  ASSERT_EQ(rtl->phase_events().size(), software->phase_events().size());
  ASSERT_EQ(rtl->events().size(), software->events().size());
  for (size_t i = 0; i < rtl->events().size(); ++i) {
    const vtcd::AggregatedEvent& a = rtl->events()[i];
    const vtcd::AggregatedEvent& b = software->events()[i];
    EXPECT_EQ(a.representative.start, b.representative.start);
    EXPECT_EQ(a.representative.end, b.representative.end);
    EXPECT_EQ(a.representative.amplitude_v, b.representative.amplitude_v);
    EXPECT_EQ(a.representative.phases, b.representative.phases);
    EXPECT_EQ(a.representative.vtcd_class, b.representative.vtcd_class);
    EXPECT_EQ(a.members.size(), b.members.size());
  }

  // Against the analytic steps: class A amplitude, start and duration.
  ASSERT_EQ(rtl->events().size(), 1u);
  const vtcd::AggregatedEvent& e = rtl->events()[0];
  EXPECT_EQ(e.representative.vtcd_class, c.expected)
      << vtcd::ClassName(e.representative.vtcd_class);
  ASSERT_EQ(e.members.size(), c.members);
  const double rms_factor = std::sqrt(1 + 0.02 * 0.02);
  const double cycle_ns = 1e9 / s.frequency_hz;
  double most_severe = c.steps[0].level_pu;
  for (size_t i = 0; i < c.members; ++i) {
    const Step& step = c.steps[i];
    const vtcd::PolyphaseEvent& m = e.members[i];
    EXPECT_NEAR(m.amplitude_pu, step.level_pu * rms_factor, 0.002);
    EXPECT_NEAR(static_cast<double>(m.start - kT0) - step.start_s * 1e9, 0.0, cycle_ns);
    EXPECT_NEAR(static_cast<double>(m.duration()), step.duration_s * 1e9, cycle_ns);
    most_severe = step.level_pu > 1 ? std::max(most_severe, step.level_pu)
                                    : std::min(most_severe, step.level_pu);
  }
  EXPECT_NEAR(e.representative.amplitude_pu, most_severe * rms_factor, 0.002);
  std::remove(path.c_str());
  std::remove((path.substr(0, path.size() - 4) + ".dat").c_str());
}

INSTANTIATE_TEST_SUITE_P(
    Recordings, RtlEvents,
    ::testing::Values(
        RecordingCase{"SagOnePhase", 60, {{{0}, 0.552, 0.3043, 0.150}}, 0.8, VtcdClass::kAmt, 1},
        RecordingCase{
            "SwellTwoPhases50Hz", 50, {{{1, 2}, 1.25, 0.2777, 0.3}}, 0.9, VtcdClass::kEmt, 1},
        RecordingCase{"InterruptionThreePhases",
                      60,
                      {{{0, 1, 2}, 0.0, 0.4031, 0.5}},
                      1.2,
                      VtcdClass::kImt,
                      1},
        RecordingCase{"TwoSagsWithinThreeMinutesAggregate",
                      60,
                      {{{0}, 0.7, 0.2513, 0.1}, {{0}, 0.4, 0.7071, 0.2}},
                      1.2,
                      VtcdClass::kAmt,
                      2}),
    [](const ::testing::TestParamInfo<RecordingCase>& param) { return param.param.name; });

}  // namespace
}  // namespace pqa::sim
