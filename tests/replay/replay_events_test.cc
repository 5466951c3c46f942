// Sags, swells and interruptions through the whole replay path: analytic
// recordings with variations of known depth, duration and phases, starting
// at arbitrary points on the wave (IEC 61000-4-30 5.4, PRODIST Module 8
// items 68-78 and 88). Tolerances: amplitude within 0.2 % of the reference
// (class A, 5.4.2.2), start and duration within one cycle (the resolution
// of Urms(1/2)); table 5 classes on either side of each boundary.
#include <cmath>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "host/common/time.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/continuity.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

constexpr double kCycleS = 1.0 / 60;

struct Put {
  double start_s;
  double duration_s;
  double residual_pu;
  std::string phases;  // "A", "BC", "ABC"
  std::string type;    // expected table 5 class; "" when it must not be an event
};

synth::Variation ToVariation(const Put& p) {
  synth::Variation v;
  v.start_s = p.start_s;
  v.duration_s = p.duration_s;
  v.residual_pu = p.residual_pu;
  for (int k = 0; k < 3; ++k) v.phases[k] = p.phases.find("ABC"[k]) != std::string::npos;
  return v;
}

std::string PhaseString(const vtcd::PolyphaseEvent& e) {
  std::string s;
  for (int p : e.phases) s += "ABC"[p];
  return s;
}

// Each of these is at least 3 minutes from the previous one of its family,
// so that each is its own aggregated event; the fractional start seconds put
// the edges at different points on the wave.
const std::vector<Put>& SeparateEvents() {
  static const std::vector<Put> puts = {
      {20.0031, 0.25, 0.55, "A", "AMT"},
      {220.0077, 1.5, 0.30, "AB", "AMT"},
      {300.0057, 0.6, 1.15, "BC", "EMT"},
      {420.0113, 2.0, 0.0, "ABC", "IMT"},
      {620.0019, 1.0, 0.08, "C", "IMT"},    // just below the 0.1 pu interruption line
      {700.0071, 0.5, 1.12, "A", "EMT"},    // just above the 1.1 pu swell line
      {820.0042, 1.0, 0.12, "C", "AMT"},    // just above the interruption line
      {1020.0061, 0.5, 0.88, "B", "AMT"},   // just below the 0.9 pu sag line
      {1420.0027, 2.9, 0.5, "ABC", "AMT"},  // momentary: up to 3 s
      {1500.0099, 5.0, 1.2, "A", "ETT"},
      {1620.0033, 3.1, 0.5, "ABC", "ATT"},                  // temporary: beyond 3 s
      {1820.0011, 3 * kCycleS, 0.5, "B", "AMT"},            // a few cycles
      {2020.0051, 170.0, 0.15, "AC", "ATT"},                // under 3 minutes
      {2350.0037, 190.0, 0.0, "ABC", "LONG_INTERRUPTION"},  // across 00:40, over 3 min
  };
  return puts;
}

// Three sags within 3 minutes: one aggregated event represented by the
// deepest (item 88 c, d).
const std::vector<Put>& Burst() {
  static const std::vector<Put> puts = {
      {2700.0013, 0.2, 0.7, "A", "AMT"},
      {2760.0049, 0.3, 0.4, "B", "AMT"},
      {2850.0081, 0.1, 0.6, "C", "AMT"},
  };
  return puts;
}

// Inside the tolerance band: no event, and the interval 00:50 stays clean.
const std::vector<Put>& NonEvents() {
  static const std::vector<Put> puts = {
      {3100.0021, 0.5, 0.92, "B", ""},
      {3300.0066, 0.5, 1.08, "C", ""},
  };
  return puts;
}

class EventsThroughReplay : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    synth::WaveformSpec spec;
    spec.sample_rate_hz = 7680;  // 128 samples per cycle
    spec.duration_s = 3630;
    spec.start = MondayMidnight();
    spec.frequency_hz = 60;
    spec.nominal_voltage_v = 127;
    for (const auto* list : {&SeparateEvents(), &Burst(), &NonEvents()}) {
      for (const Put& p : *list) spec.variations.push_back(ToVariation(p));
    }
    replay::ReplayOptions options;
    options.analyzer.engine.nominal_voltage_v = 127;
    options.analyzer.engine.points_per_window = 2048;
    options.analyzer.flicker = false;
    dir_ = new TempDir;
    result_ = new ReplayResult(SynthesiseAndReplay(*dir_, "events.cfg", spec, {}, options));
  }
  static void TearDownTestSuite() {
    delete result_;
    delete dir_;
  }

  // The aggregated event that starts within a second of `start_s`.
  static const vtcd::AggregatedEvent* Near(double start_s) {
    const TimeNs at = MondayMidnight() + static_cast<TimeNs>(start_s * 1e9);
    for (const vtcd::AggregatedEvent& e : result_->events) {
      if (std::llabs(e.representative.start - at) < kNsPerSecond) return &e;
    }
    return nullptr;
  }

  static TempDir* dir_;
  static ReplayResult* result_;
};

TempDir* EventsThroughReplay::dir_ = nullptr;
ReplayResult* EventsThroughReplay::result_ = nullptr;

TEST_F(EventsThroughReplay, EachVariationIsOneEventOfKnownAmplitudeTimingAndClass) {
  for (const Put& p : SeparateEvents()) {
    const std::string what = absl::StrCat(p.type, " at ", p.start_s, " s");
    const vtcd::AggregatedEvent* e = Near(p.start_s);
    ASSERT_NE(e, nullptr) << what << " not detected";
    const vtcd::PolyphaseEvent& r = e->representative;
    EXPECT_EQ(e->members.size(), 1u) << what;
    EXPECT_EQ(vtcd::ClassName(r.vtcd_class), p.type) << what;
    EXPECT_EQ(PhaseString(r), p.phases) << what;
    EXPECT_NEAR(r.amplitude_pu, p.residual_pu, 0.002) << what;
    const double start_s = static_cast<double>(r.start - MondayMidnight()) / 1e9;
    EXPECT_NEAR(start_s, p.start_s, kCycleS) << what;
    EXPECT_NEAR(static_cast<double>(r.duration()) / 1e9, p.duration_s, kCycleS) << what;
  }
}

TEST_F(EventsThroughReplay, BurstWithinThreeMinutesIsOneEventRepresentedByTheDeepest) {
  const vtcd::AggregatedEvent* e = Near(Burst()[1].start_s);
  ASSERT_NE(e, nullptr);
  EXPECT_EQ(e->members.size(), 3u);
  EXPECT_NEAR(e->representative.amplitude_pu, 0.4, 0.002);
  EXPECT_EQ(PhaseString(e->representative), "B");
  EXPECT_EQ(e->window_start(), e->members.front().start);
  EXPECT_NEAR(static_cast<double>(e->window_start() - MondayMidnight()) / 1e9, Burst()[0].start_s,
              kCycleS);
}

TEST_F(EventsThroughReplay, NothingElseIsAnEvent) {
  EXPECT_EQ(result_->events.size(), SeparateEvents().size() + 1);
  for (const Put& p : NonEvents()) EXPECT_EQ(Near(p.start_s), nullptr) << p.start_s;
}

// IEC 61000-4-30 4.7 / PRODIST expurgation: exactly the records whose
// interval overlaps an event are flagged, with the classes seen.
TEST_F(EventsThroughReplay, OnlyRecordsOfIntervalsWithEventsAreFlagged) {
  std::vector<std::string> starts;
  for (const pqa::v1::Record& r : result_->records) {
    starts.push_back(r.start());
    std::vector<std::string> types(r.vtcd_types().begin(), r.vtcd_types().end());
    if (r.start() == "2025-03-03T00:00:00Z") {
      EXPECT_TRUE(r.flagged());
      EXPECT_EQ(types, (std::vector<std::string>{"AMT", "EMT", "IMT"}));
      EXPECT_FALSE(r.long_interruption());
    } else if (r.start() == "2025-03-03T00:30:00Z" || r.start() == "2025-03-03T00:40:00Z") {
      EXPECT_TRUE(r.flagged()) << r.start();
      EXPECT_TRUE(r.long_interruption()) << r.start();
    } else if (r.start() == "2025-03-03T00:50:00Z" || r.start() == "2025-03-03T01:00:00Z") {
      EXPECT_FALSE(r.flagged()) << r.start();
      EXPECT_TRUE(r.vtcd_types().empty()) << r.start();
      EXPECT_FALSE(r.long_interruption()) << r.start();
    } else {
      EXPECT_TRUE(r.flagged()) << r.start();
      EXPECT_FALSE(r.long_interruption()) << r.start();
    }
  }
  EXPECT_EQ(starts, (std::vector<std::string>{"2025-03-03T00:00:00Z", "2025-03-03T00:10:00Z",
                                              "2025-03-03T00:20:00Z", "2025-03-03T00:30:00Z",
                                              "2025-03-03T00:40:00Z", "2025-03-03T00:50:00Z",
                                              "2025-03-03T01:00:00Z"}));
}

// A long interruption from 2025-03-31T23:56:00Z to 2025-04-01T00:01:00Z
// crosses a 10-minute boundary and a month boundary: both records carry
// the flag, and March gets 4 minutes of DIC, April 1 (item 172: per month,
// hours with two decimals; FIC counts it where it started).
TEST(LongInterruptionThroughReplay, SplitsAcrossTheMonthIntoBothMonthsDic) {
  TempDir dir;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 3840;
  spec.duration_s = 16 * 60;
  spec.start = *ParseRfc3339("2025-03-31T23:55:00Z");
  spec.variations = {ToVariation({60, 300, 0.0, "ABC", "LONG_INTERRUPTION"})};
  replay::ReplayOptions options;
  options.analyzer.engine.points_per_window = 2048;
  options.analyzer.flicker = false;
  const ReplayResult r = SynthesiseAndReplay(dir, "month.cff", spec, {}, options);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_EQ(vtcd::ClassName(r.events[0].representative.vtcd_class), "LONG_INTERRUPTION");
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].start(), "2025-03-31T23:50:00Z");
  EXPECT_TRUE(r.records[0].long_interruption());
  EXPECT_EQ(r.records[1].start(), "2025-04-01T00:00:00Z");
  EXPECT_TRUE(r.records[1].long_interruption());
  EXPECT_FALSE(r.records[2].flagged());  // 00:10, after the return

  const std::vector<vtcd::Interruption> interruptions = vtcd::LongInterruptions(r.events);
  const std::vector<vtcd::MonthlyContinuity> months =
      vtcd::MonthlyContinuityIndicators(interruptions, absl::UTCTimeZone());
  ASSERT_EQ(months.size(), 2u);
  EXPECT_EQ(months[0].month, 3);
  EXPECT_DOUBLE_EQ(months[0].dic_h, 0.07);  // 4 min
  EXPECT_EQ(months[0].fic, 1);
  EXPECT_DOUBLE_EQ(months[0].dmic_h, 0.07);
  EXPECT_EQ(months[1].month, 4);
  EXPECT_DOUBLE_EQ(months[1].dic_h, 0.02);  // 1 min
  EXPECT_EQ(months[1].fic, 0);
  EXPECT_DOUBLE_EQ(months[1].dmic_h, 0.02);
}

// A recording mostly of an interruption (25 s of 30, noise only) is not a
// supply at the wrong level or frequency: the replay's sanity checks count
// only the windows that found the supply's cycles, and warn of nothing.
TEST(LongInterruptionThroughReplay, IsNotTakenForAWrongLevelOrFrequency) {
  TempDir dir;
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 3840;
  spec.duration_s = 30;
  spec.start = MondayMidnight();
  spec.noise_pct = 0.5;
  spec.variations = {ToVariation({2.0021, 25, 0.0, "ABC", "ATT"})};
  replay::ReplayOptions options;
  options.analyzer.intervals = {"window"};
  options.analyzer.flicker = false;
  const ReplayResult r = SynthesiseAndReplay(dir, "interruption.cfg", spec, {}, options);
  ASSERT_EQ(r.events.size(), 1u);
  EXPECT_GT(r.records.size(), 140u);
  EXPECT_TRUE(r.summary.warnings.empty()) << r.summary.warnings[0];
}

}  // namespace
}  // namespace pqa::testing
