// The current, power, energy and demand checks of ValidateRecord (issue 17).
#include <limits>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "host/common/time.h"
#include "host/records/record_validation.h"

namespace pqa::records {
namespace {

using ::testing::HasSubstr;

// A 2-hour record as the engine writes it for a wye point with three
// currents and the neutral, eight quarter-hour demands.
v1::Record WithPower() {
  v1::Record r;
  r.set_start("2025-03-03T02:00:00Z");
  r.set_duration_s(7200);
  r.set_interval("2h");
  r.set_complete(true);
  r.set_windows(36000);
  r.set_freq_hz(60);
  r.set_max_harmonic_order(25);
  for (const char* name : {"A", "B", "C"}) {
    v1::PhaseRecord* p = r.add_phases();
    p->set_phase(name);
    p->set_rms_v(127);
    p->set_i_rms_a(102);
    p->set_i_fund_a(100);
    p->set_thd_i_pct(24.4);
    for (int h = 2; h <= 25; ++h) p->add_dit_i_pct(h == 5 ? 20 : 0.1);
    p->set_p_w(-11000);  // exported
    p->set_q_var(-6350);
    p->set_s_va(12954);
    p->set_pf(-0.849);
    p->set_dpf(-0.866);
  }
  r.set_p_w(-33000);
  r.set_q_var(-19050);
  r.set_s_va(38862);
  r.set_pf(-0.866);
  r.set_ea_exp_wh(66000);
  r.set_er_cap_varh(38100);
  r.set_current_channels(4);
  r.set_connection("wye");
  r.set_in_rms_a(3);
  for (int q = 0; q < 8; ++q) {
    v1::Demand* d = r.add_demand();
    d->set_start(
        FormatRfc3339(FromCivilDay(2025, 3, 3) + 2 * 60 * kNsPerMinute + q * 15 * kNsPerMinute, 0));
    d->set_p_w(-33000);
    d->set_q_var(-19050);
    d->set_complete(true);
  }
  return r;
}

std::string Error(const v1::Record& r) {
  auto facts = ValidateRecord(r);
  return facts.ok() ? "OK" : std::string(facts.status().message());
}

TEST(ValidatePowerFields, AcceptsWhatTheEngineWrites) {
  EXPECT_EQ(Error(WithPower()), "OK");
  v1::Record currents_only = WithPower();
  currents_only.set_connection("");
  EXPECT_EQ(Error(currents_only), "OK");
}

TEST(ValidatePowerFields, RefusesImpossibleCurrentsAndPowerFactorsNamingTheField) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  v1::Record r = WithPower();
  r.mutable_phases(1)->set_i_rms_a(-1);
  EXPECT_THAT(Error(r), HasSubstr("phases[1].i_rms_a: expected a finite value >= 0 (amperes)"));
  r = WithPower();
  r.mutable_phases(0)->set_p_w(nan);
  EXPECT_THAT(Error(r), HasSubstr("phases[0].p_w: expected a finite value (watts)"));
  r = WithPower();
  r.mutable_phases(2)->set_pf(1.2);
  EXPECT_THAT(Error(r), HasSubstr("phases[2].pf: expected a power factor in -1..1, got 1.2"));
  r = WithPower();
  r.mutable_phases(2)->set_dpf(-1.0001);
  EXPECT_THAT(Error(r), HasSubstr("phases[2].dpf"));
  r = WithPower();
  r.mutable_phases(1)->add_dit_i_pct(0.1);  // 25 values for orders 2..25
  EXPECT_THAT(Error(r), HasSubstr("phases[1].dit_i_pct: 25 values; expected 24 (orders 2..25)"));
  r = WithPower();
  r.mutable_phases(1)->set_dit_i_pct(3, -20);
  EXPECT_THAT(Error(r), HasSubstr("phases[1].dit_i_pct[3]"));
  r = WithPower();
  r.set_pf(nan);
  EXPECT_THAT(Error(r), HasSubstr("pf: expected a power factor"));
  r = WithPower();
  r.set_s_va(-1);
  EXPECT_THAT(Error(r), HasSubstr("s_va: expected a finite value >= 0 (volt-amperes)"));
  r = WithPower();
  r.set_er_cap_varh(-5);
  EXPECT_THAT(Error(r), HasSubstr("er_cap_varh: expected a finite value >= 0 (var-hours)"));
  r = WithPower();
  r.set_current_channels(5);
  EXPECT_THAT(Error(r), HasSubstr("current_channels: expected 0..4"));
  r = WithPower();
  r.set_connection("star");
  EXPECT_THAT(Error(r), HasSubstr("connection: \"star\": expected \"wye\""));
}

TEST(ValidatePowerFields, DemandIsOnQuarterHoursInsideTheRecord) {
  v1::Record r = WithPower();
  r.mutable_demand(3)->set_start("2025-03-03T02:44:00Z");
  EXPECT_THAT(Error(r),
              HasSubstr("demand[3].start: 2025-03-03T02:44:00Z is not on a quarter hour"));
  r = WithPower();
  r.mutable_demand(7)->set_start("2025-03-03T04:00:00Z");  // after the record
  EXPECT_THAT(Error(r), HasSubstr("demand[7].start: 2025-03-03T04:00:00Z is not a later quarter"));
  r = WithPower();
  r.mutable_demand(2)->set_start("2025-03-03T02:00:00Z");  // again
  EXPECT_THAT(Error(r), HasSubstr("demand[2].start"));
  r = WithPower();
  r.mutable_demand(0)->set_start("yesterday");
  EXPECT_THAT(Error(r), HasSubstr("demand[0].start: "));
  r = WithPower();
  r.mutable_demand(5)->set_q_var(std::numeric_limits<double>::infinity());
  EXPECT_THAT(Error(r), HasSubstr("demand[5].q_var: expected a finite value (var)"));
}

}  // namespace
}  // namespace pqa::records
