#include "host/vtcd/event_detector.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/vtcd/test_signals.h"

namespace pqa::vtcd {
namespace {

using test_signals::Signal;
using test_signals::Step;
using ::testing::ElementsAre;

constexpr TimeNs kT0 = 1'741'000'000 * kNsPerSecond;  // 2025-03-03T11:06:40Z

TimeNs At(double seconds) { return kT0 + std::llround(seconds * 1e9); }

DetectorConfig ConfigFor(const Signal& s) {
  DetectorConfig config;
  config.limits.nominal_frequency_hz = s.frequency_hz > 55.0 ? 60.0 : 50.0;
  config.declared_voltage_v = s.rms_v;
  config.phase_names.resize(s.phases);
  for (int p = 0; p < s.phases; ++p) config.phase_names[p] = std::string(1, 'A' + p);
  return config;
}

// Feeds the signal in blocks of `block` frames; stops after `until_s` seconds
// of signal (all of it by default) without calling Finish().
void Feed(EventDetector& detector, const Signal& s, const std::vector<double>& frames,
          double from_s, double until_s, std::size_t block = 3001) {
  std::vector<std::size_t> offsets(s.phases);
  for (int p = 0; p < s.phases; ++p) offsets[p] = p;
  const std::size_t total = frames.size() / s.phases;
  std::size_t done = static_cast<std::size_t>(std::llround(from_s * s.sample_rate_hz));
  const std::size_t stop =
      std::min(total, static_cast<std::size_t>(std::llround(until_s * s.sample_rate_hz)));
  while (done < stop) {
    const std::size_t n = std::min(block, stop - done);
    const TimeNs t = kT0 + std::llround(static_cast<double>(done) * 1e9 / s.sample_rate_hz);
    ASSERT_TRUE(
        detector.Process(t, s.sample_rate_hz, frames.data() + done * s.phases, n, s.phases, offsets)
            .ok());
    done += n;
  }
}

std::vector<AggregatedEvent> Detect(const Signal& s, const DetectorConfig& config,
                                    std::vector<PhaseEvent>* phase_events = nullptr) {
  absl::StatusOr<EventDetector> detector = EventDetector::Create(config);
  EXPECT_TRUE(detector.ok()) << detector.status();
  const std::vector<double> frames = s.Frames();
  Feed(*detector, s, frames, 0.0, s.seconds);
  detector->Finish();
  if (phase_events != nullptr) *phase_events = detector->phase_events();
  return detector->events();
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

class SingleEvent : public ::testing::TestWithParam<EventCase> {};

// A rectangular step of known depth and duration on one, two or three phases,
// starting at an arbitrary point on the wave: amplitude within 0.2 % of the
// reference (IEC 61000-4-30 class A), start and duration within one cycle,
// class per PRODIST table 5.
TEST_P(SingleEvent, AmplitudeStartDurationAndClassMatchTheStep) {
  const EventCase& c = GetParam();
  Signal s;
  s.frequency_hz = c.nominal_hz;
  s.sample_rate_hz = c.sample_rate_hz;
  s.seconds = c.start_s + c.duration_s + 1.0;
  for (int p : c.phases) s.steps.push_back({p, c.start_s, c.start_s + c.duration_s, c.level_pu});
  const std::vector<AggregatedEvent> events = Detect(s, ConfigFor(s));
  if (c.expected == VtcdClass::kNone) {
    EXPECT_TRUE(events.empty());
    return;
  }
  ASSERT_EQ(events.size(), 1u);
  const PolyphaseEvent& e = events[0].representative;
  const double cycle_ns = 1e9 / c.nominal_hz;
  EXPECT_EQ(e.vtcd_class, c.expected) << ClassName(e.vtcd_class);
  EXPECT_NEAR(e.amplitude_pu, c.level_pu, 0.002);
  EXPECT_NEAR(static_cast<double>(e.start - At(c.start_s)), 0.0, cycle_ns);
  EXPECT_NEAR(static_cast<double>(e.duration()), c.duration_s * 1e9, cycle_ns);
  EXPECT_EQ(e.phases, c.phases);
  EXPECT_EQ(events[0].members.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(
    Steps, SingleEvent,
    ::testing::Values(
        EventCase{"SagOnePhase60Hz", 60, 15360, {0}, 0.552, 1.0043, 0.150, VtcdClass::kAmt},
        EventCase{"SagTwoPhases50Hz", 50, 7680, {0, 1}, 0.30, 0.7711, 0.5, VtcdClass::kAmt},
        EventCase{"SwellThreePhases", 60, 7680, {0, 1, 2}, 1.25, 0.5123, 2.0, VtcdClass::kEmt},
        EventCase{
            "InterruptionThreePhases", 60, 15360, {0, 1, 2}, 0.0, 0.6031, 1.0, VtcdClass::kImt},
        EventCase{"TemporaryInterruption50Hz", 50, 15360, {2}, 0.05, 0.4444, 4.0, VtcdClass::kItt},
        EventCase{"ShallowSag", 60, 7680, {0}, 0.85, 0.5017, 0.3, VtcdClass::kAmt},
        EventCase{"TemporarySag50Hz", 50, 7680, {1}, 0.7, 0.3333, 3.5, VtcdClass::kAtt},
        EventCase{"ShortSwellLowRate", 60, 3200, {1}, 1.14, 0.4321, 0.2, VtcdClass::kEmt},
        EventCase{"TwoCycleSag", 60, 15360, {0, 1, 2}, 0.5, 0.6789, 2.0 / 60, VtcdClass::kAmt},
        // Table 5 amplitude boundaries, each side.
        EventCase{"Below0p1IsInterruption", 60, 7680, {0}, 0.09, 0.5, 0.5, VtcdClass::kImt},
        EventCase{"Above0p1IsSag", 60, 7680, {0}, 0.11, 0.5, 0.5, VtcdClass::kAmt},
        EventCase{"Below0p9IsSag", 60, 7680, {0}, 0.89, 0.5, 0.5, VtcdClass::kAmt},
        EventCase{"Above0p9IsNothing", 60, 7680, {0}, 0.91, 0.5, 0.5, VtcdClass::kNone},
        EventCase{"Below1p1IsNothing", 50, 7680, {0}, 1.09, 0.5, 0.5, VtcdClass::kNone},
        EventCase{"Above1p1IsSwell", 50, 7680, {0}, 1.11, 0.5, 0.5, VtcdClass::kEmt},
        // Table 5 duration boundary at 3 s, each side.
        EventCase{"SagJustUnder3s", 60, 3200, {0}, 0.5, 0.5, 2.95, VtcdClass::kAmt},
        EventCase{"SagJustOver3s", 60, 3200, {0}, 0.5, 0.5, 3.05, VtcdClass::kAtt}),
    [](const ::testing::TestParamInfo<EventCase>& param) { return param.param.name; });

// Start and duration wherever on the wave the step falls. Start: within one
// cycle. Duration: the one-cycle window smears each edge over a cycle, so the
// thresholds (0.9 pu in, 0.92 pu out) are crossed when the step fills
// c_in = (1 - 0.81) / (1 - r^2) and c_out = (1 - 0.8464) / (1 - r^2) of the
// window, a duration bias of (1 - c_in - c_out) cycles for a rectangular step
// (hand derivation): +0.66 for r = 0, +0.54 for r = 0.5, -0.52 for r = 0.88.
// Around it each edge moves by up to a quarter cycle with the point on wave
// (a sine's energy is uneven within a part-window, and the windows step by
// half a cycle). So one cycle holds except for a complete interruption, whose
// bound is 0.66 + 2 x 0.25 = 1.16 cycles: IEC 61000-4-30's own time stamps
// (window start in, window end out) would be 1.2 to 2.2 cycles long there.
TEST(EventDetector, StartAndDurationAtEveryPointOnWave) {
  const double cycle_s = 1.0 / 60;
  for (double level : {0.0, 0.5, 0.88, 1.3}) {
    const double duration_tolerance_cycles = level == 0.0 ? 1.16 : 1.0;
    for (int k = 0; k < 12; ++k) {
      SCOPED_TRACE(::testing::Message() << "level " << level << " point on wave " << k * 30);
      Signal s;
      s.phases = 1;
      s.seconds = 1.0;
      const double start_s = 0.4 + k * cycle_s / 12;
      s.steps = {{0, start_s, start_s + 0.2, level}};
      const std::vector<AggregatedEvent> events = Detect(s, ConfigFor(s));
      ASSERT_EQ(events.size(), 1u);
      const PolyphaseEvent& e = events[0].representative;
      EXPECT_NEAR(e.amplitude_pu, level, 0.002);
      EXPECT_NEAR(static_cast<double>(e.start - At(start_s)), 0.0, cycle_s * 1e9);
      EXPECT_NEAR(static_cast<double>(e.duration()), 0.2e9,
                  duration_tolerance_cycles * cycle_s * 1e9);
    }
  }
}

// Table 5 boundary at 3 minutes: an interruption just under it is temporary
// (ITT), just over it is a long interruption.
TEST(EventDetector, ThreeMinuteBoundarySeparatesTemporaryFromLongInterruption) {
  for (const auto& [duration_s, expected] :
       {std::pair{178.0, VtcdClass::kItt}, std::pair{182.0, VtcdClass::kLongInterruption}}) {
    Signal s;
    s.sample_rate_hz = 3200;
    s.phases = 1;
    s.seconds = duration_s + 2.0;
    s.steps = {{0, 0.5037, 0.5037 + duration_s, 0.0}};
    const std::vector<AggregatedEvent> events = Detect(s, ConfigFor(s));
    ASSERT_EQ(events.size(), 1u);
    EXPECT_EQ(events[0].representative.vtcd_class, expected);
    EXPECT_NEAR(static_cast<double>(events[0].representative.duration()), duration_s * 1e9,
                1e9 / 60);
  }
}

// Item 88 e/f: phase A at 0.6 pu during [1.0, 1.3) s and phase B at 0.4 pu
// during [1.2, 1.6) s.
TEST(EventDetector, PhaseAggregationCriteria) {
  Signal s;
  s.seconds = 2.5;
  s.steps = {{0, 1.0, 1.3, 0.6}, {1, 1.2, 1.6, 0.4}};
  const double cycle_ns = 1e9 / 60;
  struct Expect {
    PhaseAggregation mode;
    double start_s, duration_s;
  };
  for (const Expect& x : {Expect{PhaseAggregation::kUnion, 1.0, 0.6},
                          Expect{PhaseAggregation::kCriticalParameters, 1.2, 0.4},
                          Expect{PhaseAggregation::kCriticalPhase, 1.2, 0.4}}) {
    DetectorConfig config = ConfigFor(s);
    config.phase_aggregation = x.mode;
    const std::vector<AggregatedEvent> events = Detect(s, config);
    ASSERT_EQ(events.size(), 1u);
    const PolyphaseEvent& e = events[0].representative;
    EXPECT_NEAR(e.amplitude_pu, 0.4, 0.002);
    EXPECT_THAT(e.phases, ElementsAre(0, 1));
    EXPECT_NEAR(static_cast<double>(e.start - At(x.start_s)), 0.0, cycle_ns);
    EXPECT_NEAR(static_cast<double>(e.duration()), x.duration_s * 1e9, cycle_ns);
  }
  // Critical parameters take the longest phase duration even when it is not
  // the critical phase's: A 0.5 pu for 0.5 s, B 0.3 pu for 0.2 s.
  s.steps = {{0, 1.0, 1.5, 0.5}, {1, 1.1, 1.3, 0.3}};
  DetectorConfig config = ConfigFor(s);
  config.phase_aggregation = PhaseAggregation::kCriticalParameters;
  std::vector<AggregatedEvent> events = Detect(s, config);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NEAR(events[0].representative.amplitude_pu, 0.3, 0.002);
  EXPECT_NEAR(static_cast<double>(events[0].representative.duration()), 0.5e9, cycle_ns);
  config.phase_aggregation = PhaseAggregation::kCriticalPhase;
  events = Detect(s, config);
  ASSERT_EQ(events.size(), 1u);
  EXPECT_NEAR(static_cast<double>(events[0].representative.duration()), 0.2e9, cycle_ns);
}

// Item 69.1: for low-voltage smart meters, <= 0.7 pu is an interruption.
TEST(EventDetector, Item69_1MakesA0p6SagAnInterruption) {
  Signal s;
  s.phases = 1;
  s.seconds = 2.0;
  s.steps = {{0, 0.5, 1.0, 0.6}};
  DetectorConfig config = ConfigFor(s);
  ASSERT_EQ(Detect(s, config).at(0).representative.vtcd_class, VtcdClass::kAmt);
  config.limits = Item69_1Limits(60.0);
  ASSERT_EQ(Detect(s, config).at(0).representative.vtcd_class, VtcdClass::kImt);
}

// Item 88 c/d: sags within 3 minutes of the first form one event represented
// by the lowest; a swell in between is aggregated apart (item 88 g); the
// event becomes final only once its window has passed.
TEST(EventDetector, BurstsWithinThreeMinutesAggregateIntoTheMostSevere) {
  Signal s;
  s.sample_rate_hz = 3200;
  s.phases = 1;
  s.seconds = 205.0;
  s.steps = {{0, 10.0, 10.2, 0.8},
             {0, 60.0, 60.1, 0.5},
             {0, 100.0, 100.1, 1.2},
             {0, 150.0, 150.5, 0.7},
             {0, 195.0, 195.2, 0.6}};
  absl::StatusOr<EventDetector> detector = EventDetector::Create(ConfigFor(s));
  ASSERT_TRUE(detector.ok());
  const std::vector<double> frames = s.Frames();
  Feed(*detector, s, frames, 0.0, 189.0);
  EXPECT_TRUE(detector->TakeNewEvents().empty()) << "the window opened at 10 s closes at 190 s";
  Feed(*detector, s, frames, 189.0, 192.0);
  std::vector<AggregatedEvent> first = detector->TakeNewEvents();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].members.size(), 3u);
  EXPECT_NEAR(first[0].representative.amplitude_pu, 0.5, 0.002);
  EXPECT_NEAR(static_cast<double>(first[0].representative.start - At(60.0)), 0.0, 1e9 / 60);
  EXPECT_NEAR(static_cast<double>(first[0].window_start() - At(10.0)), 0.0, 1e9 / 60);
  Feed(*detector, s, frames, 192.0, s.seconds);
  detector->Finish();
  const std::vector<AggregatedEvent> rest = detector->TakeNewEvents();
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].representative.family, Family::kSwell);
  EXPECT_NEAR(rest[0].representative.amplitude_pu, 1.2, 0.002);
  EXPECT_EQ(rest[1].representative.family, Family::kSag);
  EXPECT_NEAR(rest[1].representative.amplitude_pu, 0.6, 0.002);
  EXPECT_EQ(rest[1].members.size(), 1u);
}

// IEC 61000-4-30 5.4.4 / item 88 a: the sliding reference follows the supply
// (time constant about 1 min) so that a sag is measured against it.
TEST(EventDetector, SlidingReferenceFollowsTheSupplyVoltage) {
  Signal s;
  s.sample_rate_hz = 3200;
  s.phases = 1;
  s.rms_v = 127.0 * 0.95;  // supply 5 % below the declared voltage
  s.seconds = 362.0;
  s.steps = {{0, 360.0, 360.5, 0.85}};
  DetectorConfig config = ConfigFor(s);
  config.declared_voltage_v = 127.0;
  config.reference = ReferenceKind::kSliding;
  absl::StatusOr<EventDetector> detector = EventDetector::Create(config);
  ASSERT_TRUE(detector.ok());
  const std::vector<double> frames = s.Frames();
  Feed(*detector, s, frames, 0.0, 359.0);
  // 1795 windows of 12 cycles: Vsr = Vs + (Vd - Vs) 0.9967^1795.
  const double expected = s.rms_v + (127.0 - s.rms_v) * std::pow(0.9967, 1795.0);
  EXPECT_NEAR(detector->reference_v(0), expected, 0.001 * 127.0);
  Feed(*detector, s, frames, 359.0, s.seconds);
  detector->Finish();
  ASSERT_EQ(detector->events().size(), 1u);
  EXPECT_NEAR(detector->events()[0].representative.amplitude_pu, 0.85, 0.003);
  // Against the declared voltage the same sag would read 0.8075 pu.
  config.reference = ReferenceKind::kDeclared;
  const std::vector<AggregatedEvent> fixed = Detect(s, config);
  ASSERT_EQ(fixed.size(), 1u);
  EXPECT_NEAR(fixed[0].representative.amplitude_pu, 0.85 * 0.95, 0.002);
}

// Per-phase feeding (e.g. from the RTL front end), one phase at a time: the
// union of overlapping phase events must not depend on the feeding order.
TEST(EventDetector, PerPhaseUrmsFeedingAggregatesLikeInterleavedSamples) {
  DetectorConfig config;
  absl::StatusOr<EventDetector> detector = EventDetector::Create(config);
  ASSERT_TRUE(detector.ok());
  const TimeNs half = kNsPerSecond / 120;
  // Phase A sags to 0.5 pu during values 100..139, B to 0.3 pu during 130..169
  // and C to 0.7 pu during 400..409; each phase is fed to the end in turn.
  const struct {
    int from, to;
    double pu;
  } sags[3] = {{100, 140, 0.5}, {130, 170, 0.3}, {400, 410, 0.7}};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < 600; ++i) {
      UrmsHalf v;
      v.window_end = kT0 + i * half;
      v.window_start = v.window_end - 2 * half;
      const bool in = i >= sags[p].from && i < sags[p].to;
      v.urms_v = 127.0 * (in ? sags[p].pu : 1.0);
      ASSERT_TRUE(detector->AddUrmsHalf(p, v).ok());
    }
  }
  detector->Finish();
  const std::vector<AggregatedEvent>& events = detector->events();
  ASSERT_EQ(events.size(), 1u);  // both sags fall in one 3-minute window
  ASSERT_EQ(events[0].members.size(), 2u);
  const PolyphaseEvent& ab = events[0].members[0];
  EXPECT_THAT(ab.phases, ElementsAre(0, 1));
  EXPECT_NEAR(ab.amplitude_pu, 0.3, 1e-12);
  // Values stand at their window centres (end - half); the crossings are
  // interpolated between value 99 and 100, and 169 and 170.
  EXPECT_GT(ab.start, kT0 + 98 * half);
  EXPECT_LT(ab.start, kT0 + 99 * half);
  EXPECT_GT(ab.end, kT0 + 168 * half);
  EXPECT_LT(ab.end, kT0 + 169 * half);
  EXPECT_THAT(events[0].members[1].phases, ElementsAre(2));
  EXPECT_NEAR(events[0].representative.amplitude_pu, 0.3, 1e-12);
  EXPECT_EQ(detector->phase_events().size(), 3u);
}

TEST(EventDetector, RejectsBadConfigurationAndInput) {
  DetectorConfig config;
  config.limits.sag_threshold_pu = 1.2;
  absl::StatusOr<EventDetector> bad = EventDetector::Create(config);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()), ::testing::HasSubstr("limits.sag_threshold_pu"));
  absl::StatusOr<EventDetector> detector = EventDetector::Create(DetectorConfig{});
  ASSERT_TRUE(detector.ok());
  const double frames[6] = {};
  const std::size_t two_offsets[2] = {0, 1};
  EXPECT_FALSE(detector->Process(kT0, 7680, frames, 2, 3, two_offsets).ok());
  const std::size_t offsets[3] = {0, 1, 3};
  EXPECT_FALSE(detector->Process(kT0, 7680, frames, 2, 3, offsets).ok());
  const std::size_t good[3] = {0, 1, 2};
  EXPECT_FALSE(detector->Process(kT0, 400, frames, 2, 3, good).ok());  // < 8 per cycle
  const double nan_frames[6] = {0, 0, 0, 0, std::numeric_limits<double>::quiet_NaN(), 0};
  const absl::Status nan = detector->Process(kT0, 7680, nan_frames, 2, 3, good);
  ASSERT_FALSE(nan.ok());
  EXPECT_THAT(std::string(nan.message()), ::testing::HasSubstr("sample 1 of phase B"));
  EXPECT_TRUE(detector->Process(kT0, 7680, frames, 2, 3, good).ok());
  detector->Finish();
  EXPECT_FALSE(detector->Process(kT0, 7680, frames, 2, 3, good).ok());
}

}  // namespace
}  // namespace pqa::vtcd
