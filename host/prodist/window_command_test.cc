#include "host/prodist/window_command.h"

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

TEST(WindowCommand, FewerThan1008ReadingsIsAClearError) {
  std::string path = WriteRecords("short.jsonl", testing::MakeStream(1000));
  std::ostringstream out, err;
  EXPECT_EQ(RunWindowCommand({path, "--connection", "220/127"}, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr("only 1000 valid"));
  EXPECT_THAT(err.str(), HasSubstr("1008"));
  EXPECT_TRUE(out.str().empty());
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
