// Issue 17 end to end over a whole 2-hour interval: an analytic load
// (currents leading their voltages, so Q1 < 0) replayed from the synthetic
// source through the real replay path into 2-hour records, whose eight
// 15-minute demands and four-quadrant energies must equal what the signal
// defines (IEEE 1459: P = sum V I cos(lag), Q1 = sum V I sin(lag)), within
// the acceptance tolerances (P 0.2 %, Q within 0.5 % of S, energies 0.2 %).
#include <cmath>
#include <numbers>

#include "gtest/gtest.h"
#include "host/synth/synth_source.h"
#include "tests/replay/replay_fixture.h"

namespace pqa::testing {
namespace {

TEST(ReplayPower, TwoHourRecordHoldsTheQuarterHourDemandsAndTheEnergies) {
  synth::WaveformSpec spec;
  spec.sample_rate_hz = 1920;  // 32 samples per cycle keeps two hours to seconds
  spec.duration_s = 2 * 3600 + 5;
  spec.start = MondayMidnight();
  spec.currents = true;
  spec.phase_current_a = {{80, 100, 120}};
  spec.current_lag_deg = -20;  // leading: capacitive
  spec.current_harmonics = {{5, 0.1, 0}};
  synth::SynthSource source(spec);
  replay::ReplayOptions options;
  options.analyzer.intervals = {"2h"};
  options.analyzer.flicker = false;
  options.analyzer.events = false;
  std::vector<pqa::v1::Record> records;
  auto summary = replay::ReplaySource(source, options, [&](const pqa::v1::Record& r) {
    records.push_back(r);
    return absl::OkStatus();
  });
  ASSERT_TRUE(summary.ok()) << summary.status();
  ASSERT_GE(records.size(), 1u);
  const pqa::v1::Record& r = records[0];
  ASSERT_EQ(r.start(), "2025-03-03T00:00:00Z");

  const double lag = spec.current_lag_deg * std::numbers::pi / 180;
  const double current_sum = 80 + 100 + 120;
  const double p = spec.nominal_voltage_v * current_sum * std::cos(lag);
  const double q = spec.nominal_voltage_v * current_sum * std::sin(lag);  // < 0: leading
  const double s = spec.nominal_voltage_v * current_sum * std::sqrt(1 + 0.1 * 0.1);
  EXPECT_NEAR(r.p_w(), p, 0.002 * p);
  EXPECT_NEAR(r.q_var(), q, 0.005 * s);
  EXPECT_NEAR(r.s_va(), s, 0.002 * s);
  EXPECT_NEAR(r.pf(), p / std::hypot(p, q), 0.003);
  EXPECT_EQ(r.connection(), "wye");
  EXPECT_EQ(r.current_channels(), 3);

  // Energies of the measured windows: exported and inductive stay 0.
  const double hours = r.windows() * 0.2 / 3600;
  EXPECT_GT(hours, 1.99);
  EXPECT_NEAR(r.ea_imp_wh(), p * hours, 0.002 * p * hours);
  EXPECT_NEAR(r.er_cap_varh(), -q * hours, 0.005 * s * hours);
  EXPECT_EQ(r.ea_exp_wh(), 0);
  EXPECT_EQ(r.er_ind_varh(), 0);

  // PRODIST demand: one mean per clock quarter hour.
  ASSERT_EQ(r.demand_size(), 8);
  const char* starts[] = {"00:00", "00:15", "00:30", "00:45", "01:00", "01:15", "01:30", "01:45"};
  int complete = 0;
  for (int k = 0; k < 8; ++k) {
    const pqa::v1::Demand& d = r.demand(k);
    EXPECT_EQ(d.start(), std::string("2025-03-03T") + starts[k] + ":00Z");
    EXPECT_NEAR(d.p_w(), p, 0.002 * p) << d.start();
    EXPECT_NEAR(d.q_var(), q, 0.005 * s) << d.start();
    complete += d.complete();
  }
  // The first quarter hour starts before the frequency reference settles.
  EXPECT_GE(complete, 7);

  // The replay summary: the currents' RMS and the mean power.
  ASSERT_TRUE(summary->power.has_value());
  EXPECT_TRUE(summary->power->power);
  EXPECT_NEAR(*summary->power->i_rms_a[2], 120 * std::sqrt(1.01), 0.01 * 120);
  EXPECT_NEAR(summary->power->p_w, p, 0.002 * p);
}

}  // namespace
}  // namespace pqa::testing
