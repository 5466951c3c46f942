#include "host/prodist/steady_state.h"

#include "gtest/gtest.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

using testing::BaseTime;
using testing::MakeStream;

PointConfig Bt(double eusd = 0) {
  auto p = ResolvePoint({.connection = "220/127", .eusd_brl = eusd}, DefaultAnnex8a());
  EXPECT_TRUE(p.ok());
  return *p;
}

v1::VoltageSet EvaluateFirst(const std::vector<TimedRecord>& recs, const PointConfig& point) {
  ReadingSets s = BuildReadingSets(recs, SetKind::kSteadyState, false);
  EXPECT_EQ(s.sets.size(), 1u);
  return EvaluateVoltageSet(recs, s.sets.at(0), point);
}

TEST(SteadyState, NlpAndNlcAreTheWorstPhaseNotTheSum) {
  auto recs = MakeStream(1008);
  for (int i = 0; i < 20; ++i) recs[i].record.mutable_phases(0)->set_rms_v(115);  // A precarious
  for (int i = 0; i < 40; ++i) recs[500 + i].record.mutable_phases(1)->set_rms_v(134);  // B
  for (int i = 0; i < 6; ++i) recs[900 + i].record.mutable_phases(2)->set_rms_v(136);  // C critical
  for (int i = 0; i < 2; ++i) recs[950 + i].record.mutable_phases(0)->set_rms_v(105);  // A critical
  v1::VoltageSet v = EvaluateFirst(recs, Bt());
  EXPECT_EQ(v.nlp(), 40);
  EXPECT_EQ(v.nlc(), 6);
  EXPECT_DOUBLE_EQ(v.drp_pct(), 40.0 / 1008 * 100);  // 3.968 %
  EXPECT_DOUBLE_EQ(v.drc_pct(), 6.0 / 1008 * 100);   // 0.595 %
  EXPECT_TRUE(v.drp_violation());
  EXPECT_TRUE(v.drc_violation());
  ASSERT_EQ(v.per_phase_size(), 3);
  EXPECT_EQ(v.per_phase(0).precarious(), 20);
  EXPECT_EQ(v.per_phase(0).critical(), 2);
  EXPECT_EQ(v.per_phase(0).min_v(), 105);
  EXPECT_EQ(v.per_phase(2).max_v(), 136);
}

TEST(SteadyState, ReadingsOnBandEdges) {
  auto recs = MakeStream(1008);
  // 220/127 LN: 117 and 133 adequate; 110 and 135 precarious; beyond critical.
  recs[0].record.mutable_phases(0)->set_rms_v(117);
  recs[1].record.mutable_phases(0)->set_rms_v(133);
  recs[2].record.mutable_phases(0)->set_rms_v(110);
  recs[3].record.mutable_phases(0)->set_rms_v(135);
  recs[4].record.mutable_phases(0)->set_rms_v(109.99);
  recs[5].record.mutable_phases(0)->set_rms_v(135.01);
  recs[6].record.mutable_phases(0)->set_rms_v(116.99);
  v1::VoltageSet v = EvaluateFirst(recs, Bt());
  EXPECT_EQ(v.nlp(), 3);
  EXPECT_EQ(v.nlc(), 2);
}

TEST(SteadyState, CompensationPerVoltageClass) {
  // DRP 5 %, DRC 1 %, EUSD 100: (2/100 x 3 + 0.5/100 x k2) x 100 = 6 + 0.5 k2.
  EXPECT_NEAR(Compensation(5, 1, VoltageClass::kBT, 100), 9.5, 1e-12);
  EXPECT_NEAR(Compensation(5, 1, VoltageClass::kMT, 100), 8.5, 1e-12);
  EXPECT_NEAR(Compensation(5, 1, VoltageClass::kAT, 100), 7.5, 1e-12);
  EXPECT_EQ(Compensation(3.0, 0.5, VoltageClass::kBT, 100), 0.0);         // at the limits: nothing
  EXPECT_NEAR(Compensation(2, 1, VoltageClass::kBT, 100), 3.5, 1e-12);    // only k2
  EXPECT_NEAR(Compensation(4, 0.2, VoltageClass::kBT, 100), 3.0, 1e-12);  // only k1
  // Money in centavos: (5.556 - 3) / 100 x 3 x R$ 85.40 = R$ 6.548472 -> 6.55.
  EXPECT_EQ(Compensation(5.556, 0.2, VoltageClass::kBT, 85.40), 6.55);
  EXPECT_EQ(RoundToCentavos(0.125), 0.13);
  EXPECT_EQ(RoundToCentavos(1234.5649), 1234.56);
}

TEST(SteadyState, SetBelongsToTheMonthItEnded) {
  // Starts 2025-03-28 00:00, 1008 readings: ends 2025-04-04 00:00.
  auto recs = MakeStream(1008, 127, FromCivilDay(2025, 3, 28));
  EXPECT_EQ(EvaluateFirst(recs, Bt()).month(), "2025-04");
  // Starts 2025-03-25 00:00: the last reading is 23:50-24:00 on 31 March.
  auto march = MakeStream(1008, 127, FromCivilDay(2025, 3, 25));
  v1::VoltageSet v = EvaluateFirst(march, Bt());
  EXPECT_EQ(v.end(), "2025-04-01T00:00:00Z");
  EXPECT_EQ(v.month(), "2025-03");
  EXPECT_EQ(CivilMonthOfSetEnd(FromCivilDay(2025, 1, 1), absl::UTCTimeZone()), "2024-12");
}

TEST(SteadyState, MonthlyMeanOverSetsAndCompensationCarriedOver) {
  PointConfig p = Bt(200);
  auto set = [](const char* month, double drp, double drc) {
    v1::VoltageSet s;
    s.set_month(month);
    s.set_drp_pct(drp);
    s.set_drc_pct(drc);
    return s;
  };
  std::vector<v1::VoltageSet> sets = {set("2025-01", 2, 0), set("2025-01", 6, 1.0),
                                      set("2025-01", 4, 0.5), set("2025-04", 1, 0)};
  auto months = MonthlyVoltageIndicators(sets, p);
  ASSERT_EQ(months.size(), 4u);  // Jan, Feb, Mar, Apr
  EXPECT_EQ(months[0].sets(), 3);
  EXPECT_DOUBLE_EQ(months[0].drp_pct(), 4.0);
  EXPECT_DOUBLE_EQ(months[0].drc_pct(), 0.5);
  // Jan: DRP 4 > 3 -> (1/100 x 3) x 200 = 6; DRC 0.5 not above the limit.
  EXPECT_NEAR(months[0].compensation(), 6.0, 1e-12);
  EXPECT_EQ(months[1].month(), "2025-02");
  EXPECT_TRUE(months[1].carried_over());
  EXPECT_NEAR(months[2].compensation(), 6.0, 1e-12);
  EXPECT_EQ(months[3].compensation(), 0.0);  // regularized by the April measurement
  EXPECT_FALSE(months[3].carried_over());
}

TEST(SteadyState, CollectiveIndicators) {
  auto c = ComputeCollective({{1, 0}, {2, 0.6}, {3, 0}, {6, 1.0}});
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->nl, 4);
  EXPECT_EQ(c->nc, 2);
  EXPECT_DOUBLE_EQ(c->icc_pct, 50.0);
  EXPECT_DOUBLE_EQ(c->drpe_pct, 3.0);
  EXPECT_DOUBLE_EQ(c->drce_pct, 0.4);
  EXPECT_FALSE(ComputeCollective({}).ok());
}

}  // namespace
}  // namespace pqa::prodist
