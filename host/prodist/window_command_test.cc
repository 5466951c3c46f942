#include "host/prodist/window_command.h"

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

std::string WriteRecords(const std::string& name, const std::vector<TimedRecord>& recs) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream out(path);
  for (const TimedRecord& r : recs) {
    std::string json;
    EXPECT_TRUE(google::protobuf::util::MessageToJsonString(r.record, &json).ok());
    out << json << "\n";
  }
  return path;
}

TEST(WindowCommand, PrintsSetsAsJson) {
  auto recs = testing::MakeStream(1010);
  for (int i = 0; i < 50; ++i) recs[i].record.mutable_phases(0)->set_rms_v(114);  // precarious
  recs[3].record.add_vtcd_types("ATT");
  std::string path = WriteRecords("week.jsonl", recs);
  std::ostringstream out, err;
  int code = RunWindowCommand({path, "--connection", "220/127", "--eusd", "100", "--point", "P1"},
                              out, err);
  ASSERT_EQ(code, 0) << err.str();
  v1::ComplianceResult r;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &r).ok()) << out.str();
  ASSERT_EQ(r.voltage_sets_size(), 1);
  const v1::VoltageSet& v = r.voltage_sets(0);
  EXPECT_EQ(v.readings(), 1008);
  EXPECT_EQ(v.expurgated(), 1);
  EXPECT_EQ(v.nlp(), 49);  // the expurgated interval was one of the 50
  EXPECT_EQ(v.month(), "2025-03");
  // DRP = 49/1008 x 100 = 4.861 %; (4.861 - 3)/100 x 3 x 100 BRL = 5.583 BRL,
  // printed in centavos.
  EXPECT_EQ(v.compensation(), 5.58);
  EXPECT_THAT(out.str(), HasSubstr("\"compensation\":5.58,"));
  EXPECT_EQ(r.point().id(), "P1");
  EXPECT_EQ(r.min_v(), 114);
  EXPECT_EQ(r.histogram().counts(20), 1008 * 3 - 49);  // 127 V = 1.00 pu
  EXPECT_EQ(r.disturbance_sets_size(), 1);
  EXPECT_THAT(out.str(), HasSubstr("\"drp_pct\""));
}

TEST(WindowCommand, FewerThan1008ReadingsIsAResultWithThePendingCount) {
  // Issue 17: a measurement still running is no error. 1000 readings, one of
  // them incomplete (not valid): 999 valid towards the first set, 9 missing.
  auto recs = testing::MakeStream(1000);
  recs[10].record.set_complete(false);
  // Hour 2025-03-03T00:00Z with currents: 6 x (920 Wh, 391.9 varh): fp 0.92.
  for (int i = 0; i < 6; ++i) {
    recs[i].record.set_current_channels(3);
    recs[i].record.set_ea_imp_wh(920);
    recs[i].record.set_er_ind_varh(920 * std::sqrt(1 - 0.92 * 0.92) / 0.92);
  }
  std::string path = WriteRecords("short.jsonl", recs);
  std::ostringstream out, err;
  EXPECT_EQ(RunWindowCommand({path, "--connection", "13.8kV", "--time-zone", "UTC"}, out, err), 0)
      << err.str();
  EXPECT_THAT(err.str(), HasSubstr("999 valid steady-state readings"));
  v1::ComplianceResult r;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &r).ok()) << out.str();
  EXPECT_EQ(r.voltage_sets_size(), 0);
  EXPECT_EQ(r.disturbance_sets_size(), 0);
  EXPECT_EQ(r.pending_readings(), 999);
  EXPECT_THAT(out.str(), HasSubstr("\"pending_readings\":999"));
  EXPECT_THAT(r.notes(), Contains(HasSubstr(
                             "no complete steady-state voltage set: 999 valid readings, a set "
                             "needs 1008 (PRODIST Module 8 items 26.2 and 81); record 9 more")));
  // The power factor needs no set.
  ASSERT_TRUE(r.power_factor().measured());
  EXPECT_TRUE(r.power_factor().limit_applies());
  ASSERT_EQ(r.power_factor().hours(), 1);
  EXPECT_EQ(r.power_factor().hourly(0).start(), "2025-03-03T00:00:00Z");
  EXPECT_NEAR(r.power_factor().hourly(0).fp(), 0.92, 1e-12);
  EXPECT_EQ(r.power_factor().hours_outside(), 0);
}

TEST(WindowCommand, PendingReadingsCountAfterTheLastSet) {
  std::string path = WriteRecords("set_and_more.jsonl", testing::MakeStream(1008 + 25));
  std::ostringstream out, err;
  EXPECT_EQ(RunWindowCommand({path, "--connection", "220/127"}, out, err), 0) << err.str();
  v1::ComplianceResult r;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &r).ok());
  EXPECT_EQ(r.voltage_sets_size(), 1);
  EXPECT_EQ(r.pending_readings(), 25);
  EXPECT_FALSE(r.power_factor().measured());  // no currents in these records
  EXPECT_EQ(err.str(), "");
}

TEST(WindowCommand, MalformedLineAndBadOptions) {
  std::string path = ::testing::TempDir() + "/bad.jsonl";
  std::ofstream(path) << "{\"start\":\"2025-03-03T00:00:00Z\",\"duration_s\":600,\"interval\":"
                         "\"10min\"}\nnot json\n";
  std::ostringstream out, err;
  EXPECT_EQ(RunWindowCommand({path, "--connection", "220/127"}, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr(path + ":2"));
  std::ostringstream o2, e2;
  EXPECT_EQ(RunWindowCommand({path, "--connection", "221/127"}, o2, e2), 2);
  EXPECT_THAT(e2.str(), HasSubstr("--connection"));
  std::ostringstream o3, e3;
  EXPECT_EQ(RunWindowCommand({path}, o3, e3), 2);
  std::ostringstream o4, e4;
  EXPECT_EQ(RunWindowCommand({"--help"}, o4, e4), 0);
  EXPECT_THAT(o4.str(), HasSubstr("--expurgate-momentary"));
}

}  // namespace
}  // namespace pqa::prodist
