// The report's data file (`pqa report --json`): the VTCD figures of
// ToVtcdReport printed in the report's own format.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/test_records.h"
#include "host/prodist/vtcd_summary.h"
#include "host/report/report_html.h"

namespace pqa::report {
namespace {

using prodist::ImpactFactorPeriod;
using prodist::PointConfig;
using prodist::TimedRecord;
using prodist::VtcdSummary;
using ::testing::HasSubstr;

v1::VtcdEvent Event(const std::string& type, const std::string& start, double duration_ms,
                    double amplitude_pu) {
  return prodist::testing::MakeEvent(type, start, duration_ms, amplitude_pu);
}

TEST(ReportJson, GivesEachPeriodItsOwnTable6) {
  // Item 106 f: FI of each 30-day period with its stratification.
  TimeNs start = FromCivilDay(2025, 3, 3);
  std::vector<v1::VtcdEvent> events = {Event("AMT", "2025-03-07T20:40:00Z", 400, 0.75),
                                       Event("EMT", "2025-04-04T12:00:00Z", 50, 1.12)};
  // Sampled: FI per 30 days from the start (item 77).
  auto point = prodist::ResolvePoint(
      {.connection = "13.8kV", .mode = prodist::MeasurementMode::kSampled, .time_zone = "UTC"},
      prodist::DefaultAnnex8a());
  ASSERT_TRUE(point.ok()) << point.status();
  auto s = prodist::SummarizeVtcd(events, *point, start, start + 35 * 86400 * kNsPerSecond);
  ASSERT_TRUE(s.ok()) << s.status();
  v1::ComplianceResult result;
  std::vector<TimedRecord> records;
  ReportInput in{&*point, &records, &result, &events, &*s, Lang::kEn};
  auto json = RenderReportJson(in);
  ASSERT_TRUE(json.ok()) << json.status();
  EXPECT_THAT(*json, HasSubstr(R"("fi_pu":0.0704,"month":"","stratification":[{"row":"0.70-0.80",)"
                               R"("col":"300-600ms","count":1}]})"));  // 0.15 / 2.13
  EXPECT_THAT(*json, HasSubstr(R"("fi_pu":0.0094,"month":"","stratification":[{"row":"1.10-1.15",)"
                               R"("col":"16.67-100ms","count":1}]})"));  // 0.02 / 2.13
  std::string html = RenderReportHtml(in);
  EXPECT_THAT(html, HasSubstr("Table 6 of the period from 2025-04-02T00:00:00Z"));
}

// Non-empty cells only, covered_days and fi_pu with 4 decimals, fibase, DIC
// and DMIC with 2 (the format documented in report_html.h).
TEST(ReportJson, PrintsTheVtcdFiguresInItsFormat) {
  VtcdSummary s;
  s.grid[0][6] = 2;   // ">1.15" x "1-3min"
  s.grid[11][0] = 1;  // "<=0.10" x "16.67-100ms"
  s.vtcd_events = 3;
  ImpactFactorPeriod p;
  p.report.period_start = FromCivilDay(2025, 3, 3);
  p.report.period_end = FromCivilDay(2025, 4, 2);
  p.report.grid[4][2] = 1;  // "0.70-0.80" x "300-600ms"
  p.report.fe[0] = 1;
  p.report.fe[8] = 2;
  p.report.fibase = 2.13;
  p.report.fi_pu = 0.1234;
  p.covered_days = 12.5;
  s.impact_factor.push_back(p);
  s.impact_factor_note = "say \"why\"";
  s.continuity.push_back({.year = 2025, .month = 3, .dic_h = 1.25, .fic = 2, .dmic_h = 0.75});
  PointConfig point;
  v1::ComplianceResult result;
  std::vector<TimedRecord> records;
  std::vector<v1::VtcdEvent> events;
  auto json = RenderReportJson({&point, &records, &result, &events, &s});
  ASSERT_TRUE(json.ok()) << json.status();
  const std::string vtcd = json->substr(json->find(",\"vtcd\":"));
  EXPECT_EQ(vtcd,
            R"(,"vtcd":{"events":3,"stratification":[{"row":">1.15","col":"1-3min","count":2},)"
            R"({"row":"<=0.10","col":"16.67-100ms","count":1}],"impact_factor":[{)"
            R"("period_start":"2025-03-03T00:00:00Z","period_end":"2025-04-02T00:00:00Z",)"
            R"("covered_days":12.5000,"complete":false,"fe":[1,0,0,0,0,0,0,0,2],)"
            R"("fibase":2.13,"fi_pu":0.1234,"month":"","stratification":[{"row":"0.70-0.80",)"
            R"("col":"300-600ms","count":1}]}],"impact_factor_note":"say \"why\"",)"
            R"("continuity":[{"month":"2025-03","dic_h":1.25,"fic":2,"dmic_h":0.75}]}})");
}

}  // namespace
}  // namespace pqa::report
