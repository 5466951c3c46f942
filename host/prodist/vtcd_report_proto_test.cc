#include "host/prodist/vtcd_report_proto.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace pqa::prodist {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

// Table 6 labels as PRODIST Module 8 prints them, in its order.
const std::vector<std::string> kRows = {">1.15",     "1.10-1.15", "0.85-0.90", "0.80-0.85",
                                        "0.70-0.80", "0.60-0.70", "0.50-0.60", "0.40-0.50",
                                        "0.30-0.40", "0.20-0.30", "0.10-0.20", "<=0.10"};
const std::vector<std::string> kColumns = {"16.67-100ms", "100-300ms", "300-600ms", "600ms-1s",
                                           "1-3s",        "3s-1min",   "1-3min"};

// A summary written by hand: two swells above 1.15 pu lasting 1-3 min, one
// interruption-deep sag under 100 ms; one incomplete 30-day period holding a
// 0.75 pu / 400 ms sag; one month with interruptions.
VtcdSummary HandSummary() {
  VtcdSummary s;
  s.grid[0][6] = 2;   // ">1.15" x "1-3min"
  s.grid[11][0] = 1;  // "<=0.10" x "16.67-100ms"
  s.vtcd_events = 3;
  ImpactFactorPeriod p;
  p.report.period_start = FromCivilDay(2025, 3, 3);
  p.report.period_end = FromCivilDay(2025, 4, 2);  // 30 days later
  p.report.grid[4][2] = 1;                         // "0.70-0.80" x "300-600ms"
  p.report.fe[0] = 1;                              // region A
  p.report.fe[8] = 2;                              // region I
  p.report.fibase = 2.13;
  p.report.fi_pu = 0.1234;
  p.complete = false;
  p.covered_days = 12.5;
  s.impact_factor.push_back(p);
  s.continuity.push_back({.year = 2025, .month = 3, .dic_h = 1.25, .fic = 2, .dmic_h = 0.75});
  return s;
}

std::vector<v1::VtcdEvent> HandEvents() {
  std::vector<v1::VtcdEvent> events(2);
  events[0].set_type("EMT");
  events[0].set_start("2025-03-04T01:00:00Z");
  events[1].set_type("IMT");
  events[1].set_start("2025-03-04T02:00:00Z");
  return events;
}

TEST(VtcdReportProto, CarriesTable6AsLabelledRowsThePeriodsMonthsAndEvents) {
  const std::vector<v1::VtcdEvent> events = HandEvents();
  v1::VtcdReport r = ToVtcdReport(HandSummary(), events);
  EXPECT_EQ(r.stratified_events(), 3);
  EXPECT_THAT(r.duration_columns(), ElementsAreArray(kColumns));
  ASSERT_EQ(r.table6_size(), 12);
  for (int i = 0; i < 12; ++i) {
    EXPECT_EQ(r.table6(i).amplitude(), kRows[i]);
    std::vector<int> expected(7, 0);
    if (i == 0) expected[6] = 2;
    if (i == 11) expected[0] = 1;
    EXPECT_THAT(r.table6(i).counts(), ElementsAreArray(expected)) << kRows[i];
  }
  ASSERT_EQ(r.impact_factor_size(), 1);
  const v1::ImpactFactorPeriod& p = r.impact_factor(0);
  EXPECT_EQ(p.start(), "2025-03-03T00:00:00Z");
  EXPECT_EQ(p.end(), "2025-04-02T00:00:00Z");
  EXPECT_DOUBLE_EQ(p.covered_days(), 12.5);
  EXPECT_FALSE(p.complete());
  EXPECT_THAT(p.fe(), ElementsAre(1, 0, 0, 0, 0, 0, 0, 0, 2));
  EXPECT_DOUBLE_EQ(p.fibase(), 2.13);
  EXPECT_DOUBLE_EQ(p.fi_pu(), 0.1234);
  ASSERT_EQ(p.table6_size(), 12);
  EXPECT_EQ(p.table6(4).amplitude(), "0.70-0.80");
  EXPECT_THAT(p.table6(4).counts(), ElementsAre(0, 0, 1, 0, 0, 0, 0));
  EXPECT_THAT(p.table6(0).counts(), ElementsAre(0, 0, 0, 0, 0, 0, 0));
  EXPECT_EQ(r.impact_factor_note(), "");
  ASSERT_EQ(r.continuity_size(), 1);
  EXPECT_EQ(r.continuity(0).month(), "2025-03");
  EXPECT_DOUBLE_EQ(r.continuity(0).dic_h(), 1.25);
  EXPECT_EQ(r.continuity(0).fic(), 2);
  EXPECT_DOUBLE_EQ(r.continuity(0).dmic_h(), 0.75);
  ASSERT_EQ(r.events_size(), 2);
  EXPECT_EQ(r.events(0).start(), "2025-03-04T01:00:00Z");
  EXPECT_EQ(r.events(1).type(), "IMT");
}

TEST(VtcdReportProto, LowVoltageKeepsTheNoteAndNoPeriod) {
  VtcdSummary s;
  s.impact_factor_note = "no FI for low voltage: item 78";
  v1::VtcdReport r = ToVtcdReport(s, {});
  EXPECT_EQ(r.impact_factor_size(), 0);
  EXPECT_EQ(r.impact_factor_note(), "no FI for low voltage: item 78");
  EXPECT_EQ(r.stratified_events(), 0);
  EXPECT_EQ(r.table6_size(), 12);  // every row, zero counts
  EXPECT_EQ(r.events_size(), 0);
}

}  // namespace
}  // namespace pqa::prodist
