// Items 66 and 67 (and EN 50160 on 50 Hz) on hand-built 10 s series: each
// rule exactly at its limit (no breach) and just beyond it (a breach), in
// value and in duration. Expected values come from the regulation's text,
// restated in frequency_variation.h.
#include "host/prodist/frequency_variation.h"

#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "host/common/local_time.h"
#include "host/measure/frequency_bands.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

constexpr TimeNs kTen = 10 * kNsPerSecond;

// Consecutive 10 s values from BaseTime(): `count` values of `hz` per piece;
// hz 0 leaves those intervals unmeasured.
std::vector<TenSecondFrequency> Series(const std::vector<std::pair<double, int>>& pieces) {
  std::vector<TenSecondFrequency> out;
  TimeNs t = testing::BaseTime();
  for (const auto& [hz, count] : pieces) {
    for (int i = 0; i < count; ++i, t += kTen) {
      if (hz > 0) out.push_back({t, hz});
    }
  }
  return out;
}

struct Breach {
  std::string rule;
  double start_s;  // from BaseTime()
  double duration_s;
  double extreme_hz;
  double allowed_s;
  bool operator==(const Breach&) const = default;
};
std::ostream& operator<<(std::ostream& os, const Breach& b) {
  return os << "{" << b.rule << " at " << b.start_s << " s for " << b.duration_s << " s, "
            << b.extreme_hz << " Hz, allowed " << b.allowed_s << " s}";
}

std::vector<Breach> Breaches(const std::vector<std::pair<double, int>>& pieces,
                             double nominal_hz = 60) {
  std::vector<Breach> out;
  for (const v1::FrequencyViolation& v :
       FrequencyViolations(Series(pieces), nominal_hz, absl::UTCTimeZone())) {
    const TimeNs at = *ParseRfc3339(v.start());
    out.push_back({v.rule(), static_cast<double>(at - testing::BaseTime()) / kNsPerSecond,
                   v.duration_s(), v.extreme_hz(), v.allowed_s()});
  }
  return out;
}

using Breaches_t = std::vector<Breach>;

TEST(FrequencyViolations, SteadyNominalFrequencyBreachesNothing) {
  EXPECT_EQ(Breaches({{60, 360}}), Breaches_t{});
  EXPECT_EQ(Breaches({{59.5, 100}, {60.5, 100}}), Breaches_t{});  // item 66 band edges inside
}

// Item 66: outside 59.5..60.5 Hz, back within 30 s: three 10 s values (30 s)
// are allowed, four (40 s) are not.
TEST(FrequencyViolations, ItemSixtySixAllowsThirtySecondsOutsideTheRecoveryBand) {
  EXPECT_EQ(Breaches({{60, 3}, {59.4, 3}, {60, 3}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 3}, {59.4, 4}, {60, 3}}), (Breaches_t{{"item 66", 30, 40, 59.4, 30}}));
  EXPECT_EQ(Breaches({{60, 3}, {60.6, 2}, {60.7, 2}, {60, 3}}),
            (Breaches_t{{"item 66", 30, 40, 60.7, 30}}));
  // Exactly at the band's edge is inside it.
  EXPECT_EQ(Breaches({{60, 3}, {59.5, 10}, {60, 3}}), Breaches_t{});
}

// Item 67 b): above 62 Hz at most 30 s; 62.0 Hz is not above 62 Hz.
TEST(FrequencyViolations, AboveSixtyTwoHertzAtMostThirtySeconds) {
  EXPECT_EQ(Breaches({{60, 1}, {62, 10}, {60, 1}}),
            (Breaches_t{{"item 66", 10, 100, 62, 30}}));  // out of 59.5..60.5 all the same
  EXPECT_EQ(Breaches({{60, 1}, {62.01, 3}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {62.01, 4}, {60, 1}}),
            (Breaches_t{{"item 66", 10, 40, 62.01, 30}, {"item 67 >62Hz", 10, 40, 62.01, 30}}));
}

// Item 67 b): above 63.5 Hz at most 10 s.
TEST(FrequencyViolations, AboveSixtyThreeAndAHalfHertzAtMostTenSeconds) {
  EXPECT_EQ(Breaches({{60, 1}, {63.5, 2}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {63.51, 1}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {63.51, 2}, {60, 1}}),
            (Breaches_t{{"item 67 >63.5Hz", 10, 20, 63.51, 10}}));
}

// Item 67 c): below 58.5 Hz at most 10 s, i.e. two values below is a breach.
TEST(FrequencyViolations, BelowFiftyEightAndAHalfHertzAtMostTenSeconds) {
  EXPECT_EQ(Breaches({{60, 1}, {58.5, 3}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {58.49, 1}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {58.49, 2}, {60, 1}}),
            (Breaches_t{{"item 67 <58.5Hz", 10, 20, 58.49, 10}}));
}

// Item 67 c): below 57.5 Hz at most 5 s: one 10 s value below is already
// 10 s; 57.5 Hz itself is not below.
TEST(FrequencyViolations, BelowFiftySevenAndAHalfHertzAtMostFiveSeconds) {
  EXPECT_EQ(Breaches({{60, 1}, {57.5, 1}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {57.49, 1}, {60, 1}}),
            (Breaches_t{{"item 67 <57.5Hz", 10, 10, 57.49, 5}}));
}

// Item 67 a): never above 66 Hz nor below 56.5 Hz.
TEST(FrequencyViolations, NeverAboveSixtySixNorBelowFiftySixAndAHalfHertz) {
  EXPECT_EQ(Breaches({{60, 1}, {66, 1}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {66.01, 1}, {60, 1}}),
            (Breaches_t{{"item 67 >66Hz", 10, 10, 66.01, 0}}));
  EXPECT_EQ(Breaches({{60, 1}, {56.5, 1}, {60, 1}}),
            (Breaches_t{{"item 67 <57.5Hz", 10, 10, 56.5, 5}}));
  EXPECT_EQ(
      Breaches({{60, 1}, {56.49, 1}, {60, 1}}),
      (Breaches_t{{"item 67 <57.5Hz", 10, 10, 56.49, 5}, {"item 67 <56.5Hz", 10, 10, 56.49, 0}}));
}

// The acceptance case: a 25 s dip to 58.6 Hz spreads over at most
// three 10 s values (here aligned: 58.6, 58.6 and the half-and-half mean
// 59.3 Hz), all above 58.5 Hz and back inside 59.5..60.5 Hz after 30 s.
TEST(FrequencyViolations, TwentyFiveSecondDipToFiftyEightPointSixBreachesNothing) {
  EXPECT_EQ(Breaches({{60, 6}, {58.6, 2}, {59.3, 1}, {60, 6}}), Breaches_t{});
  // Straddling a tick: 8 s, 10 s and 7 s of the dip.
  EXPECT_EQ(Breaches({{60, 6}, {58.88, 1}, {58.6, 1}, {59.02, 1}, {60, 6}}), Breaches_t{});
}

// A missing 10 s value ends a run: two 20 s stretches below 58.5 Hz with an
// unmeasured interval between are no 40 s run.
TEST(FrequencyViolations, AMissingValueEndsARun) {
  EXPECT_EQ(Breaches({{60, 1}, {59, 2}, {0, 1}, {59, 2}, {60, 1}}), Breaches_t{});
  EXPECT_EQ(Breaches({{60, 1}, {59, 2}, {59.1, 2}, {60, 1}}),
            (Breaches_t{{"item 66", 10, 40, 59, 30}}));
}

// One excursion, every rule it breaks, by start then in the rule order.
TEST(FrequencyViolations, OneExcursionBreaksEveryRuleItExceeds) {
  EXPECT_EQ(
      Breaches({{60, 2}, {62.5, 2}, {64, 2}, {66.5, 1}, {62.5, 1}, {60, 2}, {57, 2}, {60, 1}}),
      (Breaches_t{{"item 66", 20, 60, 66.5, 30},
                  {"item 67 >62Hz", 20, 60, 66.5, 30},
                  {"item 67 >63.5Hz", 40, 30, 66.5, 10},
                  {"item 67 >66Hz", 60, 10, 66.5, 0},
                  {"item 67 <58.5Hz", 100, 20, 57, 10},
                  {"item 67 <57.5Hz", 100, 20, 57, 5}}));
}

// EN 50160 4.2.1 on 50 Hz: every value outside 47..52 Hz is a breach (100 %
// of the time); PRODIST's rules do not apply.
TEST(FrequencyViolations, FiftyHertzBreachesOnlyEnFiftyOneSixtyPlusFourMinusSix) {
  EXPECT_EQ(Breaches({{50, 1}, {52, 1}, {47, 1}, {51, 10}, {50, 1}}, 50), Breaches_t{});
  EXPECT_EQ(
      Breaches({{50, 1}, {52.01, 1}, {50, 1}, {46.9, 2}, {50, 1}}, 50),
      (Breaches_t{{"EN 50160 +4/-6%", 10, 10, 52.01, 0}, {"EN 50160 +4/-6%", 30, 20, 46.9, 0}}));
}

// Two 10-minute records in a row, 40 s below 59.5 Hz across their boundary:
// the run joins them; bands are summed, the extremes carry their 10 s
// interval's start, the breach its local time.
TEST(EvaluateFrequency, JoinsRecordsSumsBandsAndDatesTheExtremes) {
  std::vector<TimedRecord> records = testing::MakeStream(2);
  const measure::FrequencyBandLimits limits = measure::FrequencyBandsFor(60);
  for (int k = 0; k < 2; ++k) {
    v1::Record& r = records[static_cast<std::size_t>(k)].record;
    r.set_freq_hz(60);
    for (int i = 0; i < 60; ++i) {
      const int n = 60 * k + i;  // 10 s index from BaseTime()
      const double hz = n >= 58 && n < 62 ? 59.2 : n == 90 ? 60.08 : 60;
      r.add_freq_10s_hz(hz);
      measure::CountTenSecondValue(hz, limits, *r.mutable_frequency_bands());
    }
  }
  auto zone = LoadTimeZone("America/Sao_Paulo");
  ASSERT_TRUE(zone.ok());
  const v1::FrequencySection s = EvaluateFrequency(records, *zone);
  EXPECT_EQ(s.nominal_hz(), 60);
  EXPECT_EQ(s.reference(), "PRODIST Module 8 items 65-67");
  EXPECT_EQ(s.bands().measured_s(), 1200);
  EXPECT_EQ(s.bands().normal_s(), 1160);
  EXPECT_EQ(s.bands().recovery_s(), 1160);
  EXPECT_NEAR(s.normal_pct(), 100.0 * 1160 / 1200, 1e-9);
  EXPECT_EQ(s.min_hz(), 59.2);
  EXPECT_EQ(s.min_at(), "2025-03-03T00:09:40Z");
  EXPECT_EQ(s.max_hz(), 60.08);
  EXPECT_EQ(s.max_at(), "2025-03-03T00:15:00Z");
  ASSERT_EQ(s.violations_size(), 1);
  EXPECT_EQ(s.violations(0).rule(), "item 66");
  EXPECT_EQ(s.violations(0).start(), "2025-03-03T00:09:40Z");
  EXPECT_EQ(s.violations(0).start_local(), "2025-03-02T21:09:40-03:00");
  EXPECT_EQ(s.violations(0).duration_s(), 40);
  // A missing record between them ends the run.
  records[1].start += kTenMinutesNs;
  EXPECT_EQ(EvaluateFrequency(records, *zone).violations_size(), 0);
}

TEST(EvaluateFrequency, RecordsWithoutTenSecondValuesGiveAnEmptySection) {
  std::vector<TimedRecord> records = testing::MakeStream(3);
  const v1::FrequencySection s = EvaluateFrequency(records, absl::UTCTimeZone());
  EXPECT_EQ(s.nominal_hz(), 60);
  EXPECT_EQ(s.bands().measured_s(), 0);
  EXPECT_EQ(s.normal_pct(), 0);
  EXPECT_EQ(s.violations_size(), 0);
  EXPECT_EQ(s.min_at(), "");
}

TEST(EvaluateFrequency, FiftyHertzRecordsAreJudgedByEnFiftyOneSixty) {
  std::vector<TimedRecord> records = testing::MakeStream(1);
  records[0].record.set_freq_hz(50.02);
  for (int i = 0; i < 60; ++i) records[0].record.add_freq_10s_hz(i == 5 ? 46.5 : 50);
  const v1::FrequencySection s = EvaluateFrequency(records, absl::UTCTimeZone());
  EXPECT_EQ(s.nominal_hz(), 50);
  EXPECT_EQ(s.reference(), "EN 50160");
  ASSERT_EQ(s.violations_size(), 1);
  EXPECT_EQ(s.violations(0).rule(), "EN 50160 +4/-6%");
  EXPECT_EQ(s.violations(0).start(), "2025-03-03T00:00:50Z");
}

}  // namespace
}  // namespace pqa::prodist
