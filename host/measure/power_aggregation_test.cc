// Energy and demand bookkeeping over a whole 2-hour interval, from windows
// laid out as the engine lays them (gapless, the window in progress at each
// 10-minute tick ending after it, a new sequence starting at the tick), with
// a different power in every quarter hour. The expected energies and demands
// follow from the powers and the clock.
#include "host/measure/power_aggregation.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

const TimeNs kStart = FromCivilDay(2025, 3, 3) + 2 * 60 * kNsPerMinute;  // 02:00

// The total powers of the quarter hour starting at kStart + q * 15 min: two
// phases, importing and inductive in the even quarter hours, exporting and
// capacitive in the odd ones.
double QuarterP(int q) { return (q % 2 == 0 ? 1 : -1) * 1000.0 * (q + 1); }
double QuarterQ(int q) { return (q % 2 == 0 ? 300.0 : -200.0) * (q + 1); }

WindowResult Window(TimeNs start, TimeNs end) {
  WindowResult w;
  w.start = start;
  w.end = end;
  w.cycles = 12;
  w.present = {true, false, true};
  w.current_present = {true, false, true};
  const int q = static_cast<int>((start - kStart) / kQuarterHourNs);
  // Each phase half the total: V1 = 100 V at 0 rad, I1 = conj(S1 / V1).
  const std::complex<double> s1(QuarterP(q) / 2, QuarterQ(q) / 2);
  for (int p : {0, 2}) {
    PhaseWindow& pw = w.phases[static_cast<std::size_t>(p)];
    pw.power_v_fundamental = 100;
    pw.i_fundamental = std::conj(s1 / 100.0);
    pw.p_w = s1.real();
    pw.power_v_rms = 100;
    pw.i_rms_a = std::abs(s1) / 100;
    pw.i_subgroups[1] = pw.i_rms_a;
  }
  return w;
}

TEST(PowerAggregation, TwoHoursOfWindowsGiveEightQuarterHourDemandsAndExactEnergies) {
  // 12 cycles at 59.97 Hz: 600 s is not a whole number of windows, so every
  // tick has an overlapping window.
  const auto window_ns = static_cast<TimeNs>(std::llround(12 / 59.97 * 1e9));
  PowerAggregator two_hours;
  for (int ten = 0; ten < 12; ++ten) {
    const TimeNs tick = kStart + ten * kTenMinutesNs;
    PowerAggregator interval;
    for (TimeNs t = tick; t < tick + kTenMinutesNs; t += window_ns)
      interval.AddWindow(Window(t, t + window_ns));
    two_hours.AddInterval(interval.Result());
  }
  pqa::v1::Record r;
  WriteRecordPower(two_hours.Result(), kStart, kStart + kTwoHoursNs, r);

  double imp = 0, exp = 0, ind = 0, cap = 0;
  for (int q = 0; q < 8; ++q) {
    const double h = 0.25;
    (QuarterP(q) > 0 ? imp : exp) += std::abs(QuarterP(q)) * h;
    (QuarterQ(q) > 0 ? ind : cap) += std::abs(QuarterQ(q)) * h;
  }
  // Windows straddling a quarter hour carry the power of the one they start
  // in for up to 0.2 s of the next: 0.2 s / 900 s of the step between them.
  const double straddle = 0.2 / 900;
  EXPECT_NEAR(r.ea_imp_wh(), imp, 8 * straddle * imp);
  EXPECT_NEAR(r.ea_exp_wh(), exp, 8 * straddle * exp);
  EXPECT_NEAR(r.er_ind_varh(), ind, 8 * straddle * ind);
  EXPECT_NEAR(r.er_cap_varh(), cap, 8 * straddle * cap);
  ASSERT_EQ(r.demand_size(), 8);
  for (int q = 0; q < 8; ++q) {
    const pqa::v1::Demand& d = r.demand(q);
    EXPECT_EQ(d.start(), FormatRfc3339(kStart + q * kQuarterHourNs, 0));
    EXPECT_TRUE(d.complete()) << q;
    const double step = std::abs(QuarterP(q)) + std::abs(QuarterP(std::max(0, q - 1)));
    EXPECT_NEAR(d.p_w(), QuarterP(q), straddle * step) << q;
    EXPECT_NEAR(d.q_var(), QuarterQ(q), straddle * 2 * std::abs(QuarterQ(q))) << q;
  }
  // A 10-minute record holds no whole quarter hour; a missing window makes
  // its quarter hour incomplete.
  PowerAggregator ten;
  for (TimeNs t = kStart; t < kStart + kTenMinutesNs; t += window_ns) {
    if (t > kStart + kNsPerMinute && t < kStart + kNsPerMinute + window_ns) continue;
    ten.AddWindow(Window(t, t + window_ns));
  }
  pqa::v1::Record r10;
  WriteRecordPower(ten.Result(), kStart, kStart + kTenMinutesNs, r10);
  EXPECT_EQ(r10.demand_size(), 0);
  pqa::v1::Record around;
  WriteRecordPower(ten.Result(), kStart, kStart + kTwoHoursNs, around);
  ASSERT_EQ(around.demand_size(), 1);
  EXPECT_FALSE(around.demand(0).complete());
}

TEST(PowerAggregation, PowerFactorsComeFromTheMeansAndTotals) {
  PowerAggregator a;
  a.AddWindow(Window(kStart, kStart + 200'000'000));
  pqa::v1::Record r;
  r.add_phases();
  const PowerValues v = a.Result();
  WritePhasePower(v, 0, 50, *r.mutable_phases(0));
  WriteRecordPower(v, kStart, kStart + 200'000'000, r);
  // Quarter 0: P = 1000, Q1 = 300 in total, half on each phase; S = |S1|
  // (no harmonics), so PF = DPF = P / sqrt(P^2 + Q^2).
  const double fp = 1000 / std::hypot(1000, 300);
  EXPECT_NEAR(r.phases(0).p_w(), 500, 1e-9);
  EXPECT_NEAR(r.phases(0).q_var(), 150, 1e-9);
  EXPECT_NEAR(r.phases(0).pf(), fp, 1e-12);
  EXPECT_NEAR(r.phases(0).dpf(), fp, 1e-12);
  EXPECT_EQ(r.phases(0).dit_i_pct_size(), 49);
  EXPECT_NEAR(r.p_w(), 1000, 1e-9);
  EXPECT_NEAR(r.q_var(), 300, 1e-9);
  EXPECT_NEAR(r.pf(), fp, 1e-12);
}

}  // namespace
}  // namespace pqa::measure
