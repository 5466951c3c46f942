#include "host/prodist/vtcd_summary.h"

#include <limits>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

v1::VtcdEvent Event(const std::string& type, const std::string& start, double duration_ms,
                    double amplitude_pu) {
  return testing::MakeEvent(type, start, duration_ms, amplitude_pu);
}

// A sampled point in UTC: FI per 30 days from the start (item 77), months
// at UTC midnight. Civil months in local time: civil_month_test.cc.
PointConfig Point(const std::string& connection) {
  auto p = ResolvePoint(
      {.connection = connection, .mode = MeasurementMode::kSampled, .time_zone = "UTC"},
      DefaultAnnex8a());
  EXPECT_TRUE(p.ok()) << p.status();
  return p.ok() ? *p : PointConfig{};
}

TEST(VtcdSummary, ImpactFactorPer30DaysStratificationAndContinuityByHand) {
  // A 35-day measurement at 13.8 kV (SDMT, FIBASE 2.13, table 8).
  TimeNs start = FromCivilDay(2025, 3, 3);
  TimeNs end = start + 35 * 86400 * kNsPerSecond;
  std::vector<v1::VtcdEvent> events = {
      // 0.62 pu for 4.21 s: table 6 cell (0.60-0.70, 3s-1min), region F, fpond 0.36.
      Event("ATT", "2025-03-06T11:20:04.120Z", 4210.5, 0.62),
      // 0.75 pu for 400 ms, twice: (0.70-0.80, 300-600ms), region D, fpond 0.15.
      Event("AMT", "2025-03-07T20:40:00Z", 400, 0.75),
      Event("AMT", "2025-03-20T08:00:00Z", 400, 0.75),
      // A 2 h long interruption across the March/April boundary: not a VTCD,
      // counted in continuity only (1 h in each month, FIC in March).
      Event("LONG_INTERRUPTION", "2025-03-31T23:00:00Z", 2 * 3600 * 1000.0, 0.0),
      // Day 32 (second period): 1.12 pu for 50 ms: (1.10-1.15, 16.67-100ms), region H, 0.02.
      Event("EMT", "2025-04-04T12:00:00Z", 50, 1.12),
  };
  auto s = SummarizeVtcd(events, Point("13.8kV"), start, end);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_EQ(s->vtcd_events, 4);
  EXPECT_EQ(s->grid[5][5], 1);  // row 0.60-0.70, column 3s-1min
  EXPECT_EQ(s->grid[4][2], 2);  // row 0.70-0.80, column 300-600ms
  EXPECT_EQ(s->grid[1][0], 1);  // row 1.10-1.15, column 16.67-100ms
  ASSERT_EQ(s->impact_factor.size(), 2u);
  EXPECT_TRUE(s->impact_factor[0].complete);
  EXPECT_DOUBLE_EQ(s->impact_factor[0].covered_days, 30.0);
  EXPECT_NEAR(s->impact_factor[0].report.fi_pu, (0.36 + 2 * 0.15) / 2.13, 1e-9);
  EXPECT_FALSE(s->impact_factor[1].complete);
  EXPECT_DOUBLE_EQ(s->impact_factor[1].covered_days, 5.0);
  EXPECT_NEAR(s->impact_factor[1].report.fi_pu, 0.02 / 2.13, 1e-9);
  ASSERT_EQ(s->continuity.size(), 2u);
  EXPECT_EQ(s->continuity[0].month, 3);
  EXPECT_DOUBLE_EQ(s->continuity[0].dic_h, 1.0);
  EXPECT_EQ(s->continuity[0].fic, 1);
  EXPECT_DOUBLE_EQ(s->continuity[0].dmic_h, 1.0);
  EXPECT_EQ(s->continuity[1].month, 4);
  EXPECT_DOUBLE_EQ(s->continuity[1].dic_h, 1.0);
  EXPECT_EQ(s->continuity[1].fic, 0);
}

TEST(VtcdSummary, OverRecordsSpansFirstStartToLastEnd) {
  // Three 10-minute records from 2025-03-03T00:00Z: the measurement is
  // 00:00-00:30, so the one FI period starts at 00:00 and covers 30 min =
  // 1/48 day of its 30.
  auto s = SummarizeVtcdOverRecords({Event("AMT", "2025-03-03T00:20:00Z", 400, 0.75)},
                                    Point("13.8kV"), testing::MakeStream(3));
  ASSERT_TRUE(s.ok()) << s.status();
  ASSERT_EQ(s->impact_factor.size(), 1u);
  EXPECT_EQ(s->impact_factor[0].report.period_start, FromCivilDay(2025, 3, 3));
  EXPECT_DOUBLE_EQ(s->impact_factor[0].covered_days, 1.0 / 48);
  EXPECT_FALSE(s->impact_factor[0].complete);
  EXPECT_EQ(s->vtcd_events, 1);
  auto none = SummarizeVtcdOverRecords({}, Point("13.8kV"), {});
  ASSERT_FALSE(none.ok());
  EXPECT_THAT(none.status().message(), HasSubstr("no 10-minute records"));
}

TEST(VtcdSummary, LowVoltageHasNoImpactFactor) {
  TimeNs start = FromCivilDay(2025, 3, 3);
  auto s = SummarizeVtcd({Event("AMT", "2025-03-04T00:00:00Z", 400, 0.75)}, Point("220/127"), start,
                         start + 7 * 86400 * kNsPerSecond);
  ASSERT_TRUE(s.ok()) << s.status();
  EXPECT_TRUE(s->impact_factor.empty());
  EXPECT_THAT(s->impact_factor_note, HasSubstr("item 78"));
  EXPECT_EQ(s->vtcd_events, 1);
}

TEST(VtcdSummary, BadEventNamesTheEventAndField) {
  TimeNs start = FromCivilDay(2025, 3, 3);
  auto s = SummarizeVtcd({Event("AMT", "2025-03-04T00:00:00Z", 400, 0.75),
                          Event("DIP", "2025-03-04T00:00:00Z", 400, 0.75)},
                         Point("13.8kV"), start, start + 86400 * kNsPerSecond);
  ASSERT_FALSE(s.ok());
  EXPECT_THAT(s.status().message(), HasSubstr("event 2"));
  EXPECT_THAT(s.status().message(), HasSubstr("type: \"DIP\""));
}

TEST(VtcdSummary, AnEventWithoutAPlaceInTable6IsRefused) {
  // Table 6 places an event by residual voltage and duration: neither may be
  // negative or undefined.
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const struct {
    v1::VtcdEvent event;
    const char* field;
  } cases[] = {{Event("AMT", "2025-03-04T00:00:00Z", -1, 0.75), "duration_ms: expected"},
               {Event("AMT", "2025-03-04T00:00:00Z", nan, 0.75), "duration_ms: expected"},
               {Event("AMT", "2025-03-04T00:00:00Z", 400, -0.1), "amplitude_pu: expected"},
               {Event("EMT", "2025-03-04T00:00:00Z", 400, nan), "amplitude_pu: expected"}};
  for (const auto& c : cases) {
    auto a = ToAggregatedEvent(c.event);
    ASSERT_FALSE(a.ok()) << c.field;
    EXPECT_THAT(std::string(a.status().message()), ::testing::StartsWith(c.field));
  }
  EXPECT_TRUE(ToAggregatedEvent(Event("IMT", "2025-03-04T00:00:00Z", 400, 0.05)).ok());
}

}  // namespace
}  // namespace pqa::prodist
