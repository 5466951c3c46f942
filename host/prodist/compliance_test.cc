#include "host/prodist/compliance.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/prodist/steady_state.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

using ::testing::HasSubstr;

PointConfig Point(PointSpec spec) {
  auto p = ResolvePoint(spec, DefaultAnnex8a());
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

TEST(Compliance, ThreeSetsAcrossAMonthEndWithMonthlyMeans) {
  // Start 2025-03-18 00:00: sets end 03-25, 03-31 24:00 (March) and 04-08 (April).
  auto recs = testing::MakeStream(3 * 1008 + 10, 127, FromCivilDay(2025, 3, 18));
  for (int i = 0; i < 60; ++i) recs[i].record.mutable_phases(0)->set_rms_v(111);  // set 1: A 60 P
  for (int i = 0; i < 10; ++i)
    recs[1008 + i].record.mutable_phases(2)->set_rms_v(140);  // set 2: C 10 C
  recs[2016].record.mutable_phases(1)->set_rms_v(100.5);      // set 3: min, critical
  recs[2017].record.mutable_phases(1)->set_rms_v(141.0);      // set 3: max, critical
  v1::ComplianceResult r =
      EvaluateCompliance(recs, Point({.connection = "220/127", .eusd_brl = 1000}));
  ASSERT_EQ(r.voltage_sets_size(), 3);
  EXPECT_EQ(r.voltage_sets(0).month(), "2025-03");
  EXPECT_EQ(r.voltage_sets(1).end(), "2025-04-01T00:00:00Z");
  EXPECT_EQ(r.voltage_sets(1).month(), "2025-03");
  EXPECT_EQ(r.voltage_sets(2).month(), "2025-04");
  ASSERT_EQ(r.monthly_size(), 2);
  // March: DRP (60/1008 x 100 + 0) / 2 = 2.976 %; DRC (0 + 10/1008 x 100) / 2 = 0.496 %.
  EXPECT_DOUBLE_EQ(r.monthly(0).drp_pct(), (60.0 / 1008 * 100) / 2);
  EXPECT_DOUBLE_EQ(r.monthly(0).drc_pct(), (10.0 / 1008 * 100) / 2);
  EXPECT_EQ(r.monthly(0).compensation(), 0.0);  // both means within the limits
  // Set 1 alone: DRP 5.952 % -> (2.952/100 x 3) x 1000 = 88.57 BRL.
  // (2.95238/100 x 3) x 1000 = 88.571 BRL, paid in centavos.
  EXPECT_EQ(r.voltage_sets(0).compensation(), 88.57);
  // Set 2 alone: DRC 0.992 % -> (0.492/100 x 7) x 1000 BRL.
  // (0.492063/100 x 7) x 1000 = 34.444 BRL -> 34.44.
  EXPECT_EQ(r.voltage_sets(1).compensation(), 34.44);
  EXPECT_EQ(r.min_v(), 100.5);
  EXPECT_EQ(r.min_v_at(), recs[2016].record.start());
  EXPECT_EQ(r.max_v(), 141.0);
  EXPECT_EQ(r.histogram().below(), 1);  // 100.5/127 = 0.791 pu
  EXPECT_EQ(r.histogram().above(), 0);  // 141/127 = 1.110 pu
  ASSERT_EQ(r.notes_size(), 2);
  EXPECT_THAT(r.notes(0), HasSubstr("10 valid"));
}

TEST(Compliance, WithoutAnyFlickerMeasuredDttAndFdStillGetTheirSet) {
  // No record has flicker_complete (flicker disabled): the set is built
  // without the Pst condition and Pst gets no verdict, even above the limit.
  auto recs = testing::MakeStream(1010);
  for (auto& r : recs) {
    r.record.set_flicker_complete(false);
    for (auto& ph : *r.record.mutable_phases()) ph.set_pst(5.0);
  }
  v1::ComplianceResult none = EvaluateCompliance(recs, Point({.connection = "220/127"}));
  ASSERT_EQ(none.disturbance_sets_size(), 1);
  EXPECT_EQ(none.disturbance_sets(0).invalid(), 0);
  EXPECT_EQ(none.disturbance_sets(0).violations_size(), 0);
  bool noted = false;
  for (const std::string& n : none.notes())
    noted |= n.find("flicker_complete") != std::string::npos;
  EXPECT_TRUE(noted);
  // One record with a settled Pst: flicker was measured, so the other
  // 1,009 are invalid for the disturbance set and none is built.
  recs[0].record.set_flicker_complete(true);
  v1::ComplianceResult one = EvaluateCompliance(recs, Point({.connection = "220/127"}));
  EXPECT_EQ(one.disturbance_sets_size(), 0);
  EXPECT_EQ(one.voltage_sets_size(), 1);
}

TEST(Compliance, NotesASetWhoseDttDidNotReachOrder40) {
  // PRODIST Module 5 item 50.6: harmonic distortion to order 40 at least.
  auto recs = testing::MakeStream(1008);
  v1::ComplianceResult full = EvaluateCompliance(recs, Point({.connection = "220/127"}));
  for (const std::string& n : full.notes()) EXPECT_EQ(n.find("item 50.6"), std::string::npos) << n;
  for (int i = 0; i < 1008; ++i) recs[i].record.set_max_harmonic_order(i < 5 ? 6 : 50);
  v1::ComplianceResult low = EvaluateCompliance(recs, Point({.connection = "220/127"}));
  ASSERT_EQ(low.disturbance_sets_size(), 1);
  int notes = 0;
  for (const std::string& n : low.notes()) {
    if (n.find("Module 5 item 50.6") == std::string::npos) continue;
    ++notes;
    EXPECT_NE(n.find("5 readings measured harmonics only to order 6"), std::string::npos) << n;
    // The set starts at 2025-03-03T00:00Z: shown in the point's local time.
    EXPECT_NE(n.find("Set from 2025-03-02 21:00 -03:00"), std::string::npos) << n;
  }
  EXPECT_EQ(notes, 1);
}

TEST(Compliance, EventualMeasurementTakesTheFirstSetOnly) {
  auto recs = testing::MakeStream(2 * 1008);
  v1::ComplianceResult r = EvaluateCompliance(
      recs, Point({.connection = "220/127", .mode = MeasurementMode::kEventual}));
  EXPECT_EQ(r.voltage_sets_size(), 1);
  EXPECT_EQ(r.disturbance_sets_size(), 1);
}

TEST(Compliance, ExtraHighVoltageHasNoDisturbanceVerdicts) {
  auto recs = testing::MakeStream(1008, 500000 / std::sqrt(3.0));
  for (auto& r : recs) r.record.mutable_phases(0)->set_dtt_pct(20);
  v1::ComplianceResult r = EvaluateCompliance(recs, Point({.connection = "500kV"}));
  ASSERT_EQ(r.disturbance_sets_size(), 1);
  EXPECT_FALSE(r.disturbance_sets(0).limits_apply());
  EXPECT_EQ(r.disturbance_sets(0).violations_size(), 0);
  EXPECT_EQ(r.voltage_sets(0).nlp(), 0);
}

TEST(Compliance, HistogramIsPerUnitOfNominalNotOfContractedVoltage) {
  // 13.8 kV point contracted at 13.5 kV: a reading at exactly the nominal
  // phase voltage is 1.00 pu of nominal (bin 20), though 1.022 pu of TR.
  auto recs = testing::MakeStream(1008, 13800 / std::sqrt(3.0));
  v1::ComplianceResult r =
      EvaluateCompliance(recs, Point({.connection = "13.8kV", .contracted_v = 13500}));
  EXPECT_EQ(r.histogram().counts(20), 3 * 1008);
  EXPECT_EQ(r.voltage_sets(0).nlp(), 0);  // 1.022 TR is adequate (<= 1.05)
}

// The same result prints the same text: the phases of a set in key order,
// whatever order they were filled in (a protobuf map iterates in an order
// of its own), so that two runs' indicators.json and report.json compare
// byte for byte.
TEST(Compliance, JsonPrintsThePhasesInOrderWhateverTheirInsertion) {
  std::string first;
  for (const std::string order : {"ABC", "CBA", "BCA", "CAB", "ACB", "BAC"}) {
    v1::ComplianceResult r;
    v1::DisturbanceSet* set = r.add_disturbance_sets();
    for (char phase : order) {
      (*set->mutable_per_phase())[std::string(1, phase)].set_pst95(phase - 'A' + 1);
    }
    absl::StatusOr<std::string> json = ComplianceJson(r);
    ASSERT_TRUE(json.ok()) << json.status();
    const std::size_t a = json->find("\"A\""), b = json->find("\"B\""), c = json->find("\"C\"");
    ASSERT_NE(c, std::string::npos) << *json;
    EXPECT_LT(a, b) << order << ": " << *json;
    EXPECT_LT(b, c) << order << ": " << *json;
    if (first.empty()) first = *json;
    EXPECT_EQ(*json, first) << order;
  }
}

}  // namespace
}  // namespace pqa::prodist
