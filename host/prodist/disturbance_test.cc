#include "host/prodist/disturbance.h"

#include "gtest/gtest.h"
#include "host/prodist/test_records.h"

namespace pqa::prodist {
namespace {

using testing::MakeStream;

std::vector<double> Repeat(std::vector<std::pair<int, double>> runs) {
  std::vector<double> v;
  for (auto [n, x] : runs) v.insert(v.end(), n, x);
  return v;
}

TEST(Percentile95, Takes958thOf1008) {
  std::vector<double> v;
  for (int i = 1008; i >= 1; --i) v.push_back(i);  // order must not matter
  EXPECT_EQ(Percentile95(v), 958.0);
}

TEST(Percentile95, TiesStraddlingTheRank) {
  // Ranks 941..960 hold 5.0: the 958th is 5.0 although 48 values lie above.
  EXPECT_EQ(Percentile95(Repeat({{940, 1.0}, {20, 5.0}, {48, 9.0}})), 5.0);
  // 957 low values, 51 equal high values: the 958th is the first high one.
  EXPECT_EQ(Percentile95(Repeat({{957, 1.0}, {51, 2.0}})), 2.0);
  // 958 low values, 50 high: exactly 50 exceed it, the 958th is low.
  EXPECT_EQ(Percentile95(Repeat({{958, 1.0}, {50, 2.0}})), 1.0);
}

PointConfig Bt(bool open_delta) {
  return *ResolvePoint({.connection = "220/127", .vt_open_delta = open_delta}, DefaultAnnex8a());
}

TEST(DisturbanceSet, WorstPhaseAgainstLimitsAndPerPhaseKept) {
  auto recs = MakeStream(1008);
  for (int i = 0; i < 1008; ++i) {
    v1::Record& r = recs[i].record;
    r.set_fd_pct(i < 958 ? 1.0 : 3.5);                       // FD95 = 1.0 (958th)
    r.mutable_phases(0)->set_dtt_pct(i < 957 ? 4.0 : 11.0);  // A: 958th = 11 > 10
    r.mutable_phases(1)->set_dtt_pct(5.0);
    r.mutable_phases(2)->set_dtt3_pct(4.0);             // DTT395 4.0
    r.mutable_phases(1)->set_pst(i < 900 ? 0.5 : 1.2);  // B: Pst95 1.2 > 1.0
  }
  ReadingSets s = BuildReadingSets(recs, SetKind::kDisturbance, true);
  ASSERT_EQ(s.sets.size(), 1u);
  v1::DisturbanceSet wye =
      EvaluateDisturbanceSet(recs, s.sets[0], LimitsFor(Bt(false)), absl::UTCTimeZone());
  EXPECT_EQ(wye.dtt95_pct(), 11.0);
  EXPECT_EQ(wye.per_phase().at("A").dtt95_pct(), 11.0);
  EXPECT_EQ(wye.per_phase().at("B").dtt95_pct(), 5.0);
  EXPECT_EQ(wye.fd95_pct(), 1.0);
  EXPECT_EQ(wye.pst95(), 1.2);
  EXPECT_EQ(wye.dtt395_pct(), 4.0);
  ASSERT_EQ(wye.violations_size(), 2);
  EXPECT_EQ(wye.violations(0).indicator(), "DTT95");
  EXPECT_EQ(wye.violations(0).limit(), 10.0);
  EXPECT_EQ(wye.violations(1).indicator(), "Pst95");
  // Open-delta VT: the DTT395 limit is 3.25 %, and 4.0 % violates it.
  v1::DisturbanceSet vee =
      EvaluateDisturbanceSet(recs, s.sets[0], LimitsFor(Bt(true)), absl::UTCTimeZone());
  ASSERT_EQ(vee.violations_size(), 3);
  EXPECT_EQ(vee.violations(1).indicator(), "DTT395");
  EXPECT_EQ(vee.violations(1).limit(), 3.25);
}

TEST(DisturbanceSet, Dit95PerOrderPerPhaseAndWorstPhase) {
  // DIT_h of order h on phase p: h/10 + p for the first 957 readings, 20 + h
  // for the last 51; the 958th sorted is 20 + h on every phase. Phase C's
  // order 5 is 9.0 throughout, its own 95th percentile.
  auto recs = MakeStream(1008);
  for (int i = 0; i < 1008; ++i) {
    for (int p = 0; p < 3; ++p) {
      v1::PhaseRecord* ph = recs[i].record.mutable_phases(p);
      ph->clear_dit_pct();
      for (int h = 2; h <= 50; ++h) ph->add_dit_pct(i < 957 ? h / 10.0 + p : 20.0 + h);
    }
    recs[i].record.mutable_phases(2)->set_dit_pct(3, 9.0);  // order 5
  }
  ReadingSets s = BuildReadingSets(recs, SetKind::kDisturbance, true);
  ASSERT_EQ(s.sets.size(), 1u);
  v1::DisturbanceSet d =
      EvaluateDisturbanceSet(recs, s.sets[0], LimitsFor(Bt(false)), absl::UTCTimeZone());
  ASSERT_EQ(d.dit95_pct_size(), kDitOrders);  // orders 2..40
  EXPECT_EQ(d.dit95_pct(0), 22.0);            // order 2
  EXPECT_EQ(d.dit95_pct(38), 60.0);           // order 40
  EXPECT_EQ(d.per_phase().at("C").dit95_pct(3), 9.0);
  EXPECT_EQ(d.per_phase().at("A").dit95_pct(3), 25.0);
  EXPECT_EQ(d.dit95_pct(3), 25.0);  // worst phase
}

}  // namespace
}  // namespace pqa::prodist
