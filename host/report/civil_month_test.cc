// Issue 18 acceptance: PRODIST counts by civil month of the point's local
// time (items 26.6, 84, 85, section 8.2). Records whose first set ends at
// 2025-04-01T01:00Z (31 March, 22:00 in Brasilia) give a March set with the
// default zone and with --time-zone America/Sao_Paulo, an April set with
// --time-zone UTC; the same for DIC/FIC across the month boundary and for FI.
// Through the commands a user runs: `pqa window` and `pqa report`.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "host/prodist/reading_sets.h"
#include "host/prodist/test_records.h"
#include "host/prodist/window_command.h"
#include "host/report/report_command.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::report {
namespace {

using ::testing::HasSubstr;

// 1,008 readings ending at 2025-04-01T01:00Z, then one more day: the first
// set (steady-state and disturbance alike) ends at 01:00Z.
std::string WriteRecords(const std::string& name) {
  const TimeNs end = *ParseRfc3339("2025-04-01T01:00:00Z");
  auto recs = prodist::testing::MakeStream(1008 + 144, 127.0,
                                           end - prodist::kReadingsPerSet * kTenMinutesNs);
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path);
  for (const prodist::TimedRecord& r : recs) {
    std::string json;
    (void)google::protobuf::util::MessageToJsonString(r.record, &json);
    out << json << "\n";
  }
  return path;
}

v1::ComplianceResult Window(const std::string& records, const std::vector<std::string>& zone) {
  std::vector<std::string> args = {records, "--connection", "13.8kV"};
  args.insert(args.end(), zone.begin(), zone.end());
  std::ostringstream out, err;
  EXPECT_EQ(prodist::RunWindowCommand(args, out, err), 0) << err.str();
  v1::ComplianceResult result;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &result).ok()) << out.str();
  return result;
}

TEST(CivilMonth, SetEndingAtOneUtcOnAprilFirstIsMarchInBrasilia) {
  const std::string records = WriteRecords("civil_month_records.jsonl");
  for (const auto& [zone, month] : std::vector<std::pair<std::vector<std::string>, std::string>>{
           {{}, "2025-03"},
           {{"--time-zone", "America/Sao_Paulo"}, "2025-03"},
           {{"--time-zone", "UTC"}, "2025-04"}}) {
    SCOPED_TRACE(zone.empty() ? "default" : zone[1]);
    v1::ComplianceResult r = Window(records, zone);
    ASSERT_GE(r.voltage_sets_size(), 1);
    ASSERT_GE(r.disturbance_sets_size(), 1);
    EXPECT_EQ(r.voltage_sets(0).end(), "2025-04-01T01:00:00Z");  // the wire stays UTC
    EXPECT_EQ(r.voltage_sets(0).month(), month);                 // item 26.6 b
    EXPECT_EQ(r.disturbance_sets(0).month(), month);             // item 84
    ASSERT_GE(r.monthly_size(), 1);
    EXPECT_EQ(r.monthly(0).month(), month);  // monthly DRP/DRC and compensation
    EXPECT_EQ(r.point().time_zone(), zone.empty() ? "America/Sao_Paulo" : zone[1]);
  }
  EXPECT_EQ(Window(records, {}).voltage_sets(0).end_local(), "2025-03-31T22:00:00-03:00");
  EXPECT_EQ(Window(records, {"--time-zone", "UTC"}).voltage_sets(0).end_local(),
            "2025-04-01T01:00:00+00:00");
}

TEST(CivilMonth, ContinuityAndImpactFactorFollowTheZone) {
  const std::string records = WriteRecords("civil_month_records2.jsonl");
  // A 2-hour long interruption from 02:00Z to 04:00Z on 1 April: 23:00 to
  // 01:00 in Brasilia, half in March (where FIC counts it), half in April.
  // An AMT at 01:30Z: 31 March, 22:30 in Brasilia.
  const std::string events = ::testing::TempDir() + "/civil_month_events.jsonl";
  std::ofstream(events)
      << R"({"type":"LONG_INTERRUPTION","start":"2025-04-01T02:00:00Z","duration_ms":7200000,)"
      << R"("amplitude_pu":0.0})"
      << "\n"
      << R"({"type":"AMT","start":"2025-04-01T01:30:00Z","duration_ms":400,"amplitude_pu":0.75})"
      << "\n";
  auto report = [&](const std::vector<std::string>& zone) {
    const std::string html = ::testing::TempDir() + "/civil_month.html";
    std::vector<std::string> args = {records, "--connection", "13.8kV", "--events",
                                     events,  "--out",        html};
    args.insert(args.end(), zone.begin(), zone.end());
    std::ostringstream out, err;
    EXPECT_EQ(RunReportCommand(args, out, err), 0) << err.str();
    std::ifstream in(::testing::TempDir() + "/civil_month.json");
    std::stringstream text;
    text << in.rdbuf();
    google::protobuf::Struct data;
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(text.str(), &data).ok());
    return data.fields().at("vtcd").struct_value();
  };
  auto month_of = [](const google::protobuf::Value& v) {
    return v.struct_value().fields().at("month").string_value();
  };
  auto number = [](const google::protobuf::Value& v, const char* field) {
    return v.struct_value().fields().at(field).number_value();
  };
  for (const std::vector<std::string>& zone :
       {std::vector<std::string>{}, {"--time-zone", "America/Sao_Paulo"}}) {
    SCOPED_TRACE(zone.empty() ? "default" : zone[1]);
    google::protobuf::Struct v = report(zone);
    const auto& months = v.fields().at("continuity").list_value().values();
    ASSERT_EQ(months.size(), 2);
    EXPECT_EQ(month_of(months[0]), "2025-03");
    EXPECT_DOUBLE_EQ(number(months[0], "dic_h"), 1.0);
    EXPECT_DOUBLE_EQ(number(months[0], "fic"), 1);
    EXPECT_EQ(month_of(months[1]), "2025-04");
    EXPECT_DOUBLE_EQ(number(months[1], "dic_h"), 1.0);
    EXPECT_DOUBLE_EQ(number(months[1], "fic"), 0);
    // Item 85: FI per civil month; the AMT (region D, 0.15 / 2.13) in March.
    const auto& fi = v.fields().at("impact_factor").list_value().values();
    ASSERT_EQ(fi.size(), 2);
    EXPECT_EQ(month_of(fi[0]), "2025-03");
    EXPECT_NEAR(number(fi[0], "fi_pu"), 0.15 / 2.13, 1e-4);
    EXPECT_EQ(month_of(fi[1]), "2025-04");
    EXPECT_DOUBLE_EQ(number(fi[1], "fi_pu"), 0);
  }
  google::protobuf::Struct utc = report({"--time-zone", "UTC"});
  const auto& months = utc.fields().at("continuity").list_value().values();
  ASSERT_EQ(months.size(), 1);
  EXPECT_EQ(month_of(months[0]), "2025-04");
  EXPECT_DOUBLE_EQ(number(months[0], "dic_h"), 2.0);
  EXPECT_DOUBLE_EQ(number(months[0], "fic"), 1);
  const auto& fi = utc.fields().at("impact_factor").list_value().values();
  ASSERT_EQ(fi.size(), 2);
  EXPECT_EQ(month_of(fi[0]), "2025-03");
  EXPECT_DOUBLE_EQ(number(fi[0], "fi_pu"), 0);
  EXPECT_EQ(month_of(fi[1]), "2025-04");
  EXPECT_NEAR(number(fi[1], "fi_pu"), 0.15 / 2.13, 1e-4);
}

TEST(CivilMonth, UnknownZoneIsAUsageErrorNamingTheOption) {
  const std::string records = WriteRecords("civil_month_records3.jsonl");
  std::ostringstream out, err;
  EXPECT_EQ(prodist::RunWindowCommand(
                {records, "--connection", "13.8kV", "--time-zone", "Brasilia"}, out, err),
            2);
  EXPECT_THAT(err.str(), HasSubstr("--time-zone"));
  EXPECT_THAT(err.str(), HasSubstr("America/Sao_Paulo"));
}

}  // namespace
}  // namespace pqa::report
