#include "host/records/power_validation.h"

#include <cmath>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "host/records/field_checks.h"

namespace pqa::records::internal {
namespace {

constexpr TimeNs kQuarterHourNs = 15 * kNsPerMinute;

absl::Status Finite(double v, absl::string_view field, absl::string_view unit) {
  if (std::isfinite(v)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat("%s: expected a finite value (%s), got %g",
                                                    std::string(field), std::string(unit), v));
}

// A power factor: P / S or P / sqrt(P^2 + Q^2), signed as P.
absl::Status PowerFactor(double v, absl::string_view field) {
  if (std::isfinite(v) && std::abs(v) <= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: expected a power factor in -1..1, got %g", std::string(field), v));
}

absl::Status CheckPhasePower(const v1::PhaseRecord& p, const std::string& at, int dit_values) {
  const std::pair<double, const char*> non_negative[] = {
      {p.i_rms_a(), "i_rms_a"},
      {p.i_fund_a(), "i_fund_a"},
      {p.thd_i_pct(), "thd_i_pct"},
      {p.s_va(), "s_va"},
  };
  for (const auto& [v, name] : non_negative) {
    const absl::string_view n(name);
    const char* unit = absl::EndsWith(n, "_a")     ? "amperes"
                       : absl::EndsWith(n, "_pct") ? "%"
                                                   : "volt-amperes";
    if (absl::Status s = NonNegative(v, absl::StrCat(at, n), unit); !s.ok()) return s;
  }
  if (absl::Status s = Finite(p.p_w(), absl::StrCat(at, "p_w"), "watts"); !s.ok()) return s;
  if (absl::Status s = Finite(p.q_var(), absl::StrCat(at, "q_var"), "var"); !s.ok()) return s;
  if (absl::Status s = PowerFactor(p.pf(), absl::StrCat(at, "pf")); !s.ok()) return s;
  if (absl::Status s = PowerFactor(p.dpf(), absl::StrCat(at, "dpf")); !s.ok()) return s;
  return PerOrderPercentages(p.dit_i_pct(), absl::StrCat(at, "dit_i_pct"), dit_values);
}

absl::Status CheckDemand(const v1::Record& r, TimeNs start, TimeNs end) {
  TimeNs previous_end = start;
  for (int i = 0; i < r.demand_size(); ++i) {
    const v1::Demand& d = r.demand(i);
    const std::string at = absl::StrCat("demand[", i, "].");
    auto t = ParseRfc3339(d.start());
    if (!t.ok()) {
      return absl::Status(t.status().code(),
                          absl::StrCat(at, "start: ", t.status().message(),
                                       "; expected RFC 3339 UTC such as \"2025-03-03T00:15:00Z\""));
    }
    if (FloorTo(*t, kQuarterHourNs) != *t) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, "start: ", d.start(), " is not on a quarter hour (demand is clock-aligned)"));
    }
    if (*t < previous_end || *t + kQuarterHourNs > end) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, "start: ", d.start(), " is not a later quarter hour inside the record (",
                       r.start(), " for ", r.duration_s(), " s)"));
    }
    previous_end = *t + kQuarterHourNs;
    if (absl::Status s = Finite(d.p_w(), absl::StrCat(at, "p_w"), "watts"); !s.ok()) return s;
    if (absl::Status s = Finite(d.q_var(), absl::StrCat(at, "q_var"), "var"); !s.ok()) return s;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status CheckPowerFields(const v1::Record& r, TimeNs start, TimeNs end, int dit_values) {
  for (int i = 0; i < r.phases_size(); ++i) {
    if (absl::Status s = CheckPhasePower(r.phases(i), absl::StrCat("phases[", i, "]."), dit_values);
        !s.ok()) {
      return s;
    }
  }
  if (absl::Status s = Finite(r.p_w(), "p_w", "watts"); !s.ok()) return s;
  if (absl::Status s = Finite(r.q_var(), "q_var", "var"); !s.ok()) return s;
  if (absl::Status s = NonNegative(r.s_va(), "s_va", "volt-amperes"); !s.ok()) return s;
  if (absl::Status s = PowerFactor(r.pf(), "pf"); !s.ok()) return s;
  const std::pair<double, const char*> non_negative[] = {
      {r.ea_imp_wh(), "ea_imp_wh"},     {r.ea_exp_wh(), "ea_exp_wh"},
      {r.er_ind_varh(), "er_ind_varh"}, {r.er_cap_varh(), "er_cap_varh"},
      {r.in_rms_a(), "in_rms_a"},
  };
  for (const auto& [v, name] : non_negative) {
    const absl::string_view n(name);
    const char* unit = absl::EndsWith(n, "_wh")     ? "watt-hours"
                       : absl::EndsWith(n, "_varh") ? "var-hours"
                                                    : "amperes";
    if (absl::Status s = NonNegative(v, n, unit); !s.ok()) return s;
  }
  if (r.current_channels() < 0 || r.current_channels() > 4) {
    return absl::InvalidArgumentError(
        absl::StrCat("current_channels: expected 0..4 (three phases and the neutral), got ",
                     r.current_channels()));
  }
  if (r.connection() != "" && r.connection() != "wye" && r.connection() != "delta" &&
      r.connection() != "v") {
    return absl::InvalidArgumentError(absl::StrCat(
        "connection: \"", r.connection(),
        "\": expected \"wye\", \"delta\", \"v\" or \"\" (a recording of currents only)"));
  }
  return CheckDemand(r, start, end);
}

}  // namespace pqa::records::internal
