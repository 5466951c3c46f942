#include "host/prodist/power_factor.h"

#include <cmath>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

using ::testing::DoubleNear;
using ::testing::HasSubstr;

PointConfig Point(const std::string& connection) {
  auto p = ResolvePoint(PointSpec{.connection = connection}, DefaultAnnex8a());
  EXPECT_TRUE(p.ok()) << p.status();
  return *p;
}

// Reactive energy per unit of active energy at power factor `fp`:
// tan(acos fp) = sqrt(1 - fp^2) / fp (item 38 solved for ER).
double ReactivePerActive(double fp) { return std::sqrt(1 - fp * fp) / fp; }

// A 10-minute record with three currents and the given four-quadrant energies.
TimedRecord Metered(int index, double imp_wh, double exp_wh, double ind_varh, double cap_varh) {
  TimedRecord r = testing::MakeRecord(testing::BaseTime(), index);
  r.record.set_current_channels(3);
  r.record.set_ea_imp_wh(imp_wh);
  r.record.set_ea_exp_wh(exp_wh);
  r.record.set_er_ind_varh(ind_varh);
  r.record.set_er_cap_varh(cap_varh);
  return r;
}

// Six records (one clock hour from interval `first`, a multiple of 6), each
// with the same energies.
void AddHour(std::vector<TimedRecord>& recs, int first, double imp_wh, double exp_wh,
             double ind_varh, double cap_varh) {
  for (int i = 0; i < 6; ++i)
    recs.push_back(Metered(first + i, imp_wh, exp_wh, ind_varh, cap_varh));
}

TEST(PowerFactor, ExactlyAtTheLimitIsWithinOnBothSides) {
  // Item 41: 0.92 inductive and 0.92 capacitive are inside the band.
  std::vector<TimedRecord> recs;
  AddHour(recs, 0, 1000, 0, 1000 * ReactivePerActive(0.92), 0);
  AddHour(recs, 6, 1000, 0, 0, 1000 * ReactivePerActive(0.92));
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  ASSERT_TRUE(s.measured());
  ASSERT_EQ(s.hours(), 2);
  EXPECT_THAT(s.hourly(0).fp(), DoubleNear(0.92, 1e-12));
  EXPECT_EQ(s.hourly(0).nature(), "inductive");
  EXPECT_TRUE(s.hourly(0).within());
  EXPECT_THAT(s.hourly(0).ea_wh(), DoubleNear(6000, 1e-9));
  EXPECT_THAT(s.hourly(0).er_varh(), DoubleNear(6000 * ReactivePerActive(0.92), 1e-9));
  EXPECT_EQ(s.hourly(1).nature(), "capacitive");
  EXPECT_THAT(s.hourly(1).er_varh(), DoubleNear(-6000 * ReactivePerActive(0.92), 1e-9));
  EXPECT_TRUE(s.hourly(1).within());
  EXPECT_EQ(s.hours_outside(), 0);
  EXPECT_EQ(s.within_pct(), 100);
  EXPECT_TRUE(s.hourly(0).complete());
  EXPECT_EQ(s.hourly(0).start(), "2025-03-03T00:00:00Z");
  EXPECT_EQ(s.hourly(0).start_local(), "2025-03-02T21:00:00-03:00");  // America/Sao_Paulo
  EXPECT_EQ(s.hourly(1).start(), "2025-03-03T01:00:00Z");
}

TEST(PowerFactor, JustBeyondTheLimitIsOutsideAndTheWorstHour) {
  std::vector<TimedRecord> recs;
  AddHour(recs, 0, 1000, 0, 1000 * ReactivePerActive(0.92), 0);     // at the limit
  AddHour(recs, 6, 1000, 0, 1000 * ReactivePerActive(0.919), 0);    // inductive, beyond
  AddHour(recs, 12, 1000, 0, 0, 1000 * ReactivePerActive(0.9195));  // capacitive, beyond
  AddHour(recs, 18, 1000, 0, 1000 * ReactivePerActive(0.99), 0);    // well within
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  ASSERT_EQ(s.hours(), 4);
  EXPECT_FALSE(s.hourly(1).within());
  EXPECT_THAT(s.hourly(1).fp(), DoubleNear(0.919, 1e-12));
  EXPECT_FALSE(s.hourly(2).within());
  EXPECT_EQ(s.hourly(2).nature(), "capacitive");
  EXPECT_THAT(s.hourly(2).fp(), DoubleNear(0.9195, 1e-12));
  EXPECT_EQ(s.hours_outside(), 2);
  EXPECT_EQ(s.within_pct(), 50);  // 2 of 4 hours
  EXPECT_EQ(s.worst().start(), "2025-03-03T01:00:00Z");
  EXPECT_THAT(s.worst().fp(), DoubleNear(0.919, 1e-12));
  EXPECT_TRUE(s.limit_applies());
  EXPECT_EQ(s.limit_note(), "");
  EXPECT_EQ(s.limit(), 0.92);
}

TEST(PowerFactor, NetEnergiesOfTheHourDecideNotTheIntervals) {
  // Item 38 takes the hour's energies: an inductive half hour and a
  // capacitive half hour of the same size cancel to unity.
  std::vector<TimedRecord> recs;
  for (int i = 0; i < 3; ++i) recs.push_back(Metered(i, 1000, 0, 2000, 0));
  for (int i = 3; i < 6; ++i) recs.push_back(Metered(i, 1000, 0, 0, 2000));
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  ASSERT_EQ(s.hours(), 1);
  EXPECT_EQ(s.hourly(0).er_varh(), 0);
  EXPECT_EQ(s.hourly(0).fp(), 1);
  EXPECT_EQ(s.hourly(0).nature(), "unity");
}

TEST(PowerFactor, AnHourWithoutEnergyIsUnityAndWithin) {
  std::vector<TimedRecord> recs;
  AddHour(recs, 0, 0, 0, 0, 0);
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  ASSERT_TRUE(s.measured());
  ASSERT_EQ(s.hours(), 1);
  EXPECT_EQ(s.hourly(0).fp(), 1);
  EXPECT_EQ(s.hourly(0).nature(), "unity");
  EXPECT_TRUE(s.hourly(0).within());
}

TEST(PowerFactor, PartialHourIsEvaluatedAndMarkedIncomplete) {
  std::vector<TimedRecord> recs;
  // 3 intervals of an hour: EA = 3 x 500 Wh, ER = 3 x 500 varh: fp = 1/sqrt(2).
  for (int i = 0; i < 3; ++i) recs.push_back(Metered(i, 500, 0, 500, 0));
  // A full hour whose one interval is incomplete is not complete either.
  AddHour(recs, 6, 1000, 0, 0, 0);
  recs.back().record.set_complete(false);
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  ASSERT_EQ(s.hours(), 2);
  EXPECT_FALSE(s.hourly(0).complete());
  EXPECT_EQ(s.hourly(0).ea_wh(), 1500);
  EXPECT_EQ(s.hourly(0).er_varh(), 1500);
  EXPECT_THAT(s.hourly(0).fp(), DoubleNear(1 / std::sqrt(2.0), 1e-12));
  EXPECT_FALSE(s.hourly(0).within());
  EXPECT_FALSE(s.hourly(1).complete());
  EXPECT_EQ(s.hourly(1).ea_wh(), 6000);  // the incomplete interval's energy still counts
}

TEST(PowerFactor, ExportHoursAreJudgedByTheMagnitudeOfTheNetActiveEnergy) {
  // EA = 1000 - 4000 = -3000 Wh, ER = 5000 - 1000 = 4000 varh: fp = 3/5.
  std::vector<TimedRecord> recs;
  recs.push_back(Metered(0, 1000, 4000, 5000, 1000));
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  ASSERT_EQ(s.hours(), 1);
  EXPECT_EQ(s.hourly(0).ea_wh(), -3000);
  EXPECT_EQ(s.hourly(0).er_varh(), 4000);
  EXPECT_DOUBLE_EQ(s.hourly(0).fp(), 0.6);
  EXPECT_EQ(s.hourly(0).nature(), "inductive");
  EXPECT_FALSE(s.hourly(0).within());
  EXPECT_EQ(s.within_pct(), 0);
}

TEST(PowerFactor, GroupBAndExtraHighVoltageReportValuesWithoutTheLimit) {
  std::vector<TimedRecord> recs;
  AddHour(recs, 0, 1000, 0, 1000, 0);  // fp 0.707
  v1::PowerFactorSection low = EvaluatePowerFactor(recs, Point("220/127"));
  EXPECT_FALSE(low.limit_applies());
  EXPECT_THAT(low.limit_note(), HasSubstr("group B"));
  EXPECT_THAT(low.limit_note(), HasSubstr("item 41"));
  ASSERT_EQ(low.hours(), 1);  // the values are still reported
  EXPECT_THAT(low.hourly(0).fp(), DoubleNear(1 / std::sqrt(2.0), 1e-12));

  v1::PowerFactorSection ehv = EvaluatePowerFactor(recs, Point("230kV"));
  EXPECT_FALSE(ehv.limit_applies());
  EXPECT_THAT(ehv.limit_note(), HasSubstr("230 kV"));
  v1::PowerFactorSection at = EvaluatePowerFactor(recs, Point("138kV"));
  EXPECT_TRUE(at.limit_applies());
  v1::PowerFactorSection below = EvaluatePowerFactor(recs, Point("229kV"));
  EXPECT_TRUE(below.limit_applies()) << "item 41: below 230 kV";
}

TEST(PowerFactor, VoltageOnlyRecordsAreNotMeasured) {
  auto recs = testing::MakeStream(12);
  v1::PowerFactorSection s = EvaluatePowerFactor(recs, Point("13.8kV"));
  EXPECT_FALSE(s.measured());
  EXPECT_EQ(s.hours(), 0);
  EXPECT_FALSE(s.has_worst());
  EXPECT_EQ(s.hourly_size(), 0);
  EXPECT_TRUE(s.limit_applies());
}

}  // namespace
}  // namespace pqa::prodist
