#include "host/frontend/front_end_detector.h"

#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/test_signals.h"

namespace pqa::frontend {
namespace {

using vtcd::AggregatedEvent;
using vtcd::VtcdClass;
using vtcd::test_signals::Signal;

constexpr TimeNs kT0 = 1'741'000'000 * kNsPerSecond;  // 2025-03-03T11:06:40Z

TimeNs At(double seconds) { return kT0 + std::llround(seconds * 1e9); }

FrontEndDetectorConfig ConfigFor(const Signal& s) {
  FrontEndDetectorConfig config;
  config.detector.limits.nominal_frequency_hz = s.frequency_hz;
  config.detector.declared_voltage_v = s.rms_v;
  config.detector.phase_names.resize(s.phases);
  config.phase_channels.resize(s.phases);
  for (int p = 0; p < s.phases; ++p) {
    config.detector.phase_names[p] = std::string(1, 'A' + p);
    config.phase_channels[p] = p;
  }
  return config;
}

// The signal as a reader delivers it: blocks of `block` frames.
std::vector<io::SampleBlock> Blocks(const Signal& s, std::size_t block = 4096) {
  const std::vector<double> frames = s.Frames();
  const std::size_t total = frames.size() / s.phases;
  std::vector<io::SampleBlock> blocks;
  for (std::size_t done = 0; done < total; done += block) {
    io::SampleBlock b;
    b.start = kT0 + std::llround(static_cast<double>(done) * 1e9 / s.sample_rate_hz);
    b.sample_rate_hz = s.sample_rate_hz;
    b.channels = s.phases;
    b.frames = std::min(block, total - done);
    b.samples.assign(frames.begin() + done * s.phases,
                     frames.begin() + (done + b.frames) * s.phases);
    blocks.push_back(std::move(b));
  }
  return blocks;
}

FrontEndDetector RunFrontEnd(const Signal& s, const std::vector<io::SampleBlock>& blocks) {
  absl::StatusOr<FrontEndDetector> d = FrontEndDetector::Create(ConfigFor(s));
  EXPECT_TRUE(d.ok()) << d.status();
  for (const io::SampleBlock& b : blocks) {
    const absl::Status st = d->Process(b);
    EXPECT_TRUE(st.ok()) << st;
  }
  d->Finish();
  return *std::move(d);
}

// The double-precision path of issue 4 on the same blocks.
std::vector<AggregatedEvent> RunHost(const Signal& s, const std::vector<io::SampleBlock>& blocks) {
  absl::StatusOr<vtcd::EventDetector> d = vtcd::EventDetector::Create(ConfigFor(s).detector);
  EXPECT_TRUE(d.ok()) << d.status();
  std::vector<std::size_t> offsets(s.phases);
  for (int p = 0; p < s.phases; ++p) offsets[p] = p;
  for (const io::SampleBlock& b : blocks) {
    EXPECT_TRUE(
        d->Process(b.start, b.sample_rate_hz, b.samples.data(), b.frames, b.channels, offsets)
            .ok());
  }
  d->Finish();
  return d->events();
}

struct EventCase {
  std::string name;
  double nominal_hz;
  double sample_rate_hz;
  std::vector<int> phases;  // phases that step
  double level_pu;
  double start_s;
  double duration_s;
  VtcdClass expected;
};

class FrontEndEvents : public ::testing::TestWithParam<EventCase> {};

// Issue 4's analytic recordings through the model: a rectangular step of
// known depth and duration on one, two or three phases from an arbitrary
// point on the wave. IEC 61000-4-30 class A: amplitude within 0.2 % of the
// reference, start and duration within one cycle; PRODIST table 5 class.
// The double-precision path finds the same events (class, phases) within the
// same tolerances, and the model's markers bracket each phase's step.
TEST_P(FrontEndEvents, MeetClassAAndMatchTheDoublePrecisionPath) {
  const EventCase& c = GetParam();
  Signal s;
  s.frequency_hz = c.nominal_hz;
  s.sample_rate_hz = c.sample_rate_hz;
  s.rms_v = 127.0;
  s.seconds = c.start_s + c.duration_s + 1.0;
  s.third_harmonic_pu = 0.02;
  for (int p : c.phases) s.steps.push_back({p, c.start_s, c.start_s + c.duration_s, c.level_pu});
  const std::vector<io::SampleBlock> blocks = Blocks(s);
  const FrontEndDetector fe = RunFrontEnd(s, blocks);
  const std::vector<AggregatedEvent> host = RunHost(s, blocks);
  // 0.02 pu of third harmonic adds sqrt(1 + 0.02^2) to every RMS.
  const double rms_factor = std::sqrt(1 + 0.02 * 0.02);
  const double cycle_ns = 1e9 / c.nominal_hz;
  ASSERT_EQ(fe.events().size(), host.size());
  if (c.expected == VtcdClass::kNone) {
    EXPECT_TRUE(fe.events().empty());
    EXPECT_TRUE(fe.markers().empty());
    return;
  }
  ASSERT_EQ(fe.events().size(), 1u);
  const vtcd::PolyphaseEvent& e = fe.events()[0].representative;
  const vtcd::PolyphaseEvent& h = host[0].representative;
  EXPECT_EQ(e.vtcd_class, c.expected) << vtcd::ClassName(e.vtcd_class);
  EXPECT_EQ(e.vtcd_class, h.vtcd_class);
  EXPECT_EQ(e.phases, c.phases);
  EXPECT_EQ(e.phases, h.phases);
  EXPECT_NEAR(e.amplitude_pu, c.level_pu * rms_factor, 0.002);
  EXPECT_NEAR(h.amplitude_pu, c.level_pu * rms_factor, 0.002);
  EXPECT_NEAR(static_cast<double>(e.start - At(c.start_s)), 0.0, cycle_ns);
  EXPECT_NEAR(static_cast<double>(e.duration()), c.duration_s * 1e9, cycle_ns);
  EXPECT_NEAR(static_cast<double>(e.start - h.start), 0.0, cycle_ns);
  EXPECT_NEAR(static_cast<double>(e.duration() - h.duration()), 0.0, cycle_ns);

  // Markers: per stepping phase, a start and an end of each kind the level
  // reaches (an interruption is a sag too), each in a window that reaches
  // across its edge of the step, the end marker carrying the extreme.
  std::vector<EventKind> kinds;
  if (c.level_pu > 1.1) kinds = {EventKind::kSwell};
  if (c.level_pu < 0.9) kinds = {EventKind::kSag};
  if (c.level_pu < 0.1) kinds.push_back(EventKind::kInterruption);
  EXPECT_EQ(fe.markers().size(), 2 * kinds.size() * c.phases.size());
  for (int p : c.phases) {
    for (EventKind kind : kinds) {
      std::vector<FrontEndMarker> m;
      for (const FrontEndMarker& x : fe.markers()) {
        if (x.phase == p && x.kind == kind) m.push_back(x);
      }
      ASSERT_EQ(m.size(), 2u) << "phase " << p << " kind " << static_cast<int>(kind);
      EXPECT_TRUE(m[0].start);
      EXPECT_FALSE(m[1].start);
      // A window crosses only if part of it lies past the edge, and the
      // first window wholly past it (windows step by half a cycle) does.
      for (const auto& [marker, edge] :
           {std::pair{m[0], At(c.start_s)}, std::pair{m[1], At(c.start_s + c.duration_s)}}) {
        EXPECT_GT(marker.window_end, edge);
        EXPECT_LT(static_cast<double>(marker.window_start - edge), cycle_ns / 2 + 1e6);
      }
      EXPECT_NEAR(m[1].rms_v, c.level_pu * rms_factor * s.rms_v, 0.002 * s.rms_v);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Steps, FrontEndEvents,
    ::testing::Values(
        EventCase{"SagOnePhase60Hz", 60, 15360, {0}, 0.552, 1.0043, 0.150, VtcdClass::kAmt},
        EventCase{"SagTwoPhases50Hz", 50, 15360, {0, 1}, 0.30, 0.7711, 0.5, VtcdClass::kAmt},
        EventCase{"SwellThreePhases", 60, 7680, {0, 1, 2}, 1.25, 0.5123, 2.0, VtcdClass::kEmt},
        EventCase{
            "InterruptionThreePhases", 60, 15360, {0, 1, 2}, 0.0, 0.6031, 1.0, VtcdClass::kImt},
        EventCase{"TemporaryInterruption50Hz", 50, 15360, {2}, 0.05, 0.4444, 4.0, VtcdClass::kItt},
        EventCase{"ShallowSag", 60, 7680, {0}, 0.85, 0.5017, 0.3, VtcdClass::kAmt},
        EventCase{"TwoCycleSag", 60, 15360, {0, 1, 2}, 0.5, 0.6789, 2.0 / 60, VtcdClass::kAmt},
        EventCase{"Below0p1IsInterruption", 60, 7680, {1}, 0.09, 0.5371, 0.5, VtcdClass::kImt},
        EventCase{"Above0p9IsNothing", 60, 7680, {0}, 0.92, 0.5, 0.5, VtcdClass::kNone},
        EventCase{"Above1p1IsSwell", 50, 15360, {2}, 1.12, 0.4987, 0.5, VtcdClass::kEmt}),
    [](const ::testing::TestParamInfo<EventCase>& param) { return param.param.name; });

// The hardware entry point: the model's output words (as the RTL sends
// them) through StartStream/AddWord give the very markers and events that
// Process() derives from the samples, also when the 32-bit frame index
// wraps in the middle of an event (at 1.07 s, inside the swell).
TEST(FrontEndDetector, OutputWordsGiveTheSameEventsAsTheSamples) {
  Signal s;
  s.sample_rate_hz = 15360;
  s.rms_v = 230.0;
  s.seconds = 1.5;
  s.steps = {{0, 0.3011, 0.52, 0.4}, {2, 0.3011, 0.52, 0.4}, {1, 0.9, 1.2, 1.3}};
  const std::vector<io::SampleBlock> blocks = Blocks(s);
  const FrontEndDetector from_samples = RunFrontEnd(s, blocks);

  absl::StatusOr<FrontEndDetector> from_words = FrontEndDetector::Create(ConfigFor(s));
  ASSERT_TRUE(from_words.ok());
  absl::StatusOr<Config> model_config = FrontEndDetector::ModelConfig(ConfigFor(s), 15360);
  ASSERT_TRUE(model_config.ok()) << model_config.status();
  absl::StatusOr<FrontEnd> model = FrontEnd::Create(*model_config);
  ASSERT_TRUE(model.ok());
  constexpr uint32_t kFirstIndex = 0xFFFFC000u;  // 16,384 frames before the wrap
  ASSERT_TRUE(from_words->StartStream(kT0, 15360, kFirstIndex).ok());
  FrameOutput out;
  uint32_t index = kFirstIndex;
  for (const io::SampleBlock& b : blocks) {
    for (std::size_t k = 0; k < b.frames; ++k) {
      std::vector<int32_t> codes;
      for (std::size_t c = 0; c < b.channels; ++c) {
        codes.push_back(VoltsToCode(from_words->scale(), b.value(k, c)));
      }
      ASSERT_TRUE(model->Push(index++, codes, out).ok());
      for (const OutputWord& w : out.words) ASSERT_TRUE(from_words->AddWord(w).ok());
    }
  }
  from_words->Finish();
  EXPECT_EQ(from_words->markers(), from_samples.markers());
  EXPECT_EQ(from_words->markers().size(), 6u) << "two sags and a swell: starts and ends";
  EXPECT_EQ(from_words->half_cycles(), from_samples.half_cycles());
  ASSERT_EQ(from_words->events().size(), from_samples.events().size());
  ASSERT_EQ(from_words->events().size(), 2u) << "a sag on A and C, a swell on B";
  for (std::size_t i = 0; i < from_words->events().size(); ++i) {
    const vtcd::PolyphaseEvent& a = from_words->events()[i].representative;
    const vtcd::PolyphaseEvent& b = from_samples.events()[i].representative;
    EXPECT_EQ(a.start, b.start);
    EXPECT_EQ(a.end, b.end);
    EXPECT_EQ(a.amplitude_v, b.amplitude_v);
    EXPECT_EQ(a.phases, b.phases);
  }
}

TEST(FrontEndDetector, DefaultFullScaleIsTwiceTheDeclaredPeak) {
  FrontEndDetectorConfig config;
  config.detector.declared_voltage_v = 127.0;
  absl::StatusOr<FrontEndDetector> d = FrontEndDetector::Create(config);
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_NEAR(d->scale().volts_per_code * 32767, 2 * std::sqrt(2.0) * 127.0, 1e-9);
  absl::StatusOr<Config> model = FrontEndDetector::ModelConfig(config, 15360);
  ASSERT_TRUE(model.ok());
  // Reference register: Udin^2 in LSB^2; thresholds 0.9 / 1.1 / 0.1 / 0.02 in Q1.15.
  EXPECT_NEAR(MeanSquareToRmsVolts(d->scale(), model->registers.uref_sq), 127.0, 1e-3);
  EXPECT_EQ(model->registers.sag_pu, 29491);
  EXPECT_EQ(model->registers.swell_pu, 36045);
  EXPECT_EQ(model->registers.interruption_pu, 3277);
  EXPECT_EQ(model->registers.hysteresis_pu, 655);
  EXPECT_EQ(model->registers.zc_debounce, 4) << "1/64 of a 256-sample cycle";
  EXPECT_EQ(model->registers.half_timeout, 160) << "1.25 half cycles";
}

TEST(FrontEndDetector, GapRestartsTheModelAndKeepsTime) {
  Signal s;
  s.sample_rate_hz = 15360;
  s.seconds = 1.0;
  s.steps = {{0, 0.6, 0.7, 0.5}};
  std::vector<io::SampleBlock> blocks = Blocks(s);
  // Drop the second block: the third starts later than the second would have.
  blocks.erase(blocks.begin() + 1);
  const FrontEndDetector fe = RunFrontEnd(s, blocks);
  ASSERT_EQ(fe.events().size(), 1u);
  EXPECT_NEAR(static_cast<double>(fe.events()[0].representative.start - At(0.6)), 0.0, 1e9 / 60);
}

TEST(FrontEndDetector, BadInputIsAnErrorNamingWhatWasExpected) {
  FrontEndDetectorConfig config;
  config.phase_channels = {0, 1};
  EXPECT_THAT(std::string(FrontEndDetector::Create(config).status().message()),
              testing::HasSubstr("phase_channels"));
  config.phase_channels = {0, 1, 5};
  absl::StatusOr<FrontEndDetector> d = FrontEndDetector::Create(config);
  ASSERT_TRUE(d.ok());
  io::SampleBlock b;
  b.sample_rate_hz = 15360;
  b.channels = 3;
  b.frames = 1;
  b.samples = {0, 0, 0};
  EXPECT_THAT(std::string(d->Process(b).message()), testing::HasSubstr("channel 5"));
  config.phase_channels = {0, 1, 2};
  d = FrontEndDetector::Create(config);
  b.samples = {0, NAN, 0};
  EXPECT_THAT(std::string(d->Process(b).message()), testing::HasSubstr("phase B"));
  b.sample_rate_hz = 3000;
  b.samples = {0, 0, 0};
  EXPECT_THAT(std::string(d->Process(b).message()), testing::HasSubstr("samples per"));
}

}  // namespace
}  // namespace pqa::frontend
