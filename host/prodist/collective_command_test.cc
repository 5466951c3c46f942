#include "host/prodist/collective_command.h"

#include <fstream>
#include <sstream>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"
#include "host/prodist/window_command.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

// A `pqa window`-style file of unit `id` with one voltage set per (DRP, DRC) pair.
std::string WriteUnit(const std::string& name, const std::string& id,
                      const std::vector<std::pair<double, double>>& sets) {
  v1::ComplianceResult r;
  r.mutable_point()->set_id(id);
  r.mutable_point()->set_time_zone("America/Sao_Paulo");  // as `pqa window` prints by default
  for (auto [drp, drc] : sets) {
    v1::VoltageSet* s = r.add_voltage_sets();
    s->set_drp_pct(drp);
    s->set_drc_pct(drc);
  }
  std::string json;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(r, &json).ok());
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << json << "\n";
  return path;
}

TEST(CollectiveCommand, IccDrpeDrceByHandOverThreeUnits) {
  // U1: DRP 1, DRC 0. U2: two sets (2, 0.2) and (4, 0.6): DRPi 3, DRCi 0.4.
  // U3: DRP 5, DRC 0. NL 3, Nc 1 -> ICC 33.33 %, DRPE 9/3 = 3 %, DRCE 0.4/3 %.
  std::string u1 = WriteUnit("coll_u1.json", "U1", {{1.0, 0.0}});
  std::string u2 = WriteUnit("coll_u2.json", "U2", {{2.0, 0.2}, {4.0, 0.6}});
  std::string u3 = WriteUnit("coll_u3.json", "U3", {{5.0, 0.0}});
  std::ostringstream out, err;
  ASSERT_EQ(RunCollectiveCommand({u1, u2, u3}, out, err), 0) << err.str();
  google::protobuf::Struct s;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &s).ok()) << out.str();
  const auto& f = s.fields();
  EXPECT_EQ(f.at("nl").number_value(), 3);
  EXPECT_EQ(f.at("nc").number_value(), 1);
  EXPECT_NEAR(f.at("icc_pct").number_value(), 100.0 / 3, 1e-9);
  EXPECT_NEAR(f.at("drpe_pct").number_value(), 3.0, 1e-12);
  EXPECT_NEAR(f.at("drce_pct").number_value(), 0.4 / 3, 1e-12);
  const auto& u2row = f.at("points").list_value().values(1).struct_value().fields();
  EXPECT_EQ(u2row.at("id").string_value(), "U2");
  EXPECT_EQ(u2row.at("sets").number_value(), 2);
  EXPECT_EQ(f.at("time_zone").string_value(), "America/Sao_Paulo");
  EXPECT_NEAR(u2row.at("drp_pct").number_value(), 3.0, 1e-12);
}

TEST(CollectiveCommand, ReadsWhatWindowPrints) {
  // The sample week: phase B precarious 8 readings a day, 56 in the set ->
  // DRP 56/1008 = 5.5556 %, DRC 0 (see report_command_test).
  std::string records = testing::WriteSampleWeek(::testing::TempDir() + "/coll_week_records.jsonl");
  std::ostringstream wout, werr;
  ASSERT_EQ(RunWindowCommand({records, "--connection", "220/127"}, wout, werr), 0) << werr.str();
  std::string window = ::testing::TempDir() + "/coll_week_window.json";
  std::ofstream(window) << wout.str();
  std::string zero = WriteUnit("coll_zero.json", "Z", {{0.0, 0.0}});
  std::ostringstream out, err;
  ASSERT_EQ(RunCollectiveCommand({window, zero}, out, err), 0) << err.str();
  google::protobuf::Struct s;
  ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(out.str(), &s).ok());
  EXPECT_NEAR(s.fields().at("drpe_pct").number_value(), 56.0 / 1008 * 100 / 2, 1e-9);
  EXPECT_EQ(s.fields().at("nc").number_value(), 0);
  EXPECT_EQ(s.fields().at("icc_pct").number_value(), 0);
}

TEST(CollectiveCommand, UnitWithoutSetOrBadFileIsNamed) {
  std::string none = WriteUnit("coll_none.json", "N", {});
  std::ostringstream out, err;
  EXPECT_EQ(RunCollectiveCommand({none}, out, err), 1);
  EXPECT_THAT(err.str(), HasSubstr("coll_none.json"));
  EXPECT_THAT(err.str(), HasSubstr("1,008"));
  std::string bad = ::testing::TempDir() + "/coll_bad.json";
  std::ofstream(bad) << "{\"voltage_sets\": 3}\n";
  std::ostringstream out2, err2;
  EXPECT_EQ(RunCollectiveCommand({bad}, out2, err2), 1);
  EXPECT_THAT(err2.str(), HasSubstr("coll_bad.json"));
  std::ostringstream out3, err3;
  EXPECT_EQ(RunCollectiveCommand({}, out3, err3), 2);
  // A unit evaluated in another zone counts its months differently: refused.
  std::string records = testing::WriteSampleWeek(::testing::TempDir() + "/coll_tz_records.jsonl");
  std::ostringstream wout, werr;
  ASSERT_EQ(RunWindowCommand({records, "--connection", "220/127", "--time-zone", "UTC"}, wout, werr),
            0)
      << werr.str();
  std::string utc = ::testing::TempDir() + "/coll_tz_window.json";
  std::ofstream(utc) << wout.str();
  std::ostringstream out4, err4;
  EXPECT_EQ(RunCollectiveCommand({utc}, out4, err4), 1);
  EXPECT_THAT(err4.str(), HasSubstr("coll_tz_window.json: evaluated in time zone UTC"));
  std::ostringstream out5, err5;
  EXPECT_EQ(RunCollectiveCommand({utc, "--time-zone", "UTC"}, out5, err5), 0) << err5.str();
  EXPECT_THAT(out5.str(), HasSubstr("\"months\":[\"2025-03\"]"));
}

}  // namespace
}  // namespace pqa::prodist
