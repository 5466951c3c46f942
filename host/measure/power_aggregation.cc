#include "host/measure/power_aggregation.h"

#include <algorithm>
#include <cmath>
#include <complex>

#include "host/measure/power.h"

namespace pqa::measure {
namespace {

constexpr double kSecondsPerHour = 3600;
// A quarter hour is complete when its windows cover it to within this: the
// windows of a sequence meet to the nanosecond, so only a missing window
// (200 ms) leaves more.
constexpr TimeNs kQuarterHourSlackNs = 1'000'000;

// P / S with S >= |P| (Cauchy-Schwarz, power.h); float32 kernels may round
// |P| a hair above S, which is not a power factor above 1.
double RatioUpToOne(double num, double den) {
  if (!(den > 0)) return 0;
  const double r = num / den;
  return std::abs(r) > 1 && std::abs(r) < 1 + 1e-6 ? std::copysign(1.0, r) : r;
}

}  // namespace

void PowerAggregator::AddEnergy(TimeNs from, TimeNs to, double p_w, double q_var) {
  if (to <= from) return;
  const double hours = static_cast<double>(to - from) * 1e-9 / kSecondsPerHour;
  // Four quadrants (IEC 62053-23 / PRODIST): import and export of active
  // energy, and reactive energy while inductive (Q1 > 0) or capacitive.
  (p_w >= 0 ? energy_.ea_imp_wh : energy_.ea_exp_wh) += std::abs(p_w) * hours;
  (q_var >= 0 ? energy_.er_ind_varh : energy_.er_cap_varh) += std::abs(q_var) * hours;
  // The clock quarter hours the span falls in (a window crosses at most one
  // boundary).
  for (TimeNs t = from; t < to;) {
    const TimeNs quarter = FloorTo(t, kQuarterHourNs);
    const TimeNs until = std::min(to, quarter + kQuarterHourNs);
    if (energy_.quarters.empty() || energy_.quarters.back().start != quarter) {
      energy_.quarters.push_back({.start = quarter});
    }
    PowerValues::QuarterHour& q = energy_.quarters.back();
    const double seconds = static_cast<double>(until - t) * 1e-9;
    q.p_ws += p_w * seconds;
    q.q_vars += q_var * seconds;
    q.measured_ns += until - t;
    t = until;
  }
}

void PowerAggregator::AddWindow(const WindowResult& window) {
  ++inputs_;
  double p_total = 0, q_total = 0;
  for (std::size_t p = 0; p < kPhases; ++p) {
    if (!window.current_present[p]) continue;
    present_[p] = true;
    const PhaseWindow& w = window.phases[p];
    PhaseSums& s = phases_[p];
    s.i_rms_sq += w.i_rms_a * w.i_rms_a;
    for (std::size_t h = 0; h < w.i_subgroups.size(); ++h)
      s.i_subgroup_sq[h] += w.i_subgroups[h] * w.i_subgroups[h];
    const std::complex<double> s1 = FundamentalComplexPower(w);
    s.p += w.p_w;
    s.q += s1.imag();
    s.s += ApparentPower(w);
    s.p1 += s1.real();
    p_total += w.p_w;
    q_total += s1.imag();
  }
  in_sq_ += window.in_rms_a * window.in_rms_a;
  // Energy needs voltages and currents (not a recording of either alone).
  const auto any = [](const std::array<bool, kPhases>& a) {
    return std::find(a.begin(), a.end(), true) != a.end();
  };
  if (!any(window.current_present) || !any(window.present)) return;
  // IEC 61000-4-30 4.5.3: the part after the 10-minute tick belongs to the
  // sequence that restarts there.
  const TimeNs tick = FloorTo(window.start, kTenMinutesNs) + kTenMinutesNs;
  AddEnergy(window.start, std::min(window.end, tick), p_total, q_total);
}

void PowerAggregator::AddInterval(const PowerValues& interval) {
  ++inputs_;
  for (std::size_t p = 0; p < kPhases; ++p) {
    if (!interval.current_present[p]) continue;
    present_[p] = true;
    const PowerValues::Phase& v = interval.phases[p];
    PhaseSums& s = phases_[p];
    s.i_rms_sq += v.i_rms_a * v.i_rms_a;
    for (std::size_t h = 0; h < v.i_subgroups.size(); ++h)
      s.i_subgroup_sq[h] += v.i_subgroups[h] * v.i_subgroups[h];
    s.p += v.p_w;
    s.q += v.q_var;
    s.s += v.s_va;
    s.p1 += v.p1_w;
  }
  in_sq_ += interval.in_rms_a * interval.in_rms_a;
  energy_.ea_imp_wh += interval.ea_imp_wh;
  energy_.ea_exp_wh += interval.ea_exp_wh;
  energy_.er_ind_varh += interval.er_ind_varh;
  energy_.er_cap_varh += interval.er_cap_varh;
  for (const PowerValues::QuarterHour& q : interval.quarters) {
    if (energy_.quarters.empty() || energy_.quarters.back().start != q.start) {
      energy_.quarters.push_back({.start = q.start});
    }
    PowerValues::QuarterHour& into = energy_.quarters.back();
    into.p_ws += q.p_ws;
    into.q_vars += q.q_vars;
    into.measured_ns += q.measured_ns;
  }
}

PowerValues PowerAggregator::Result() const {
  PowerValues v = energy_;
  v.current_present = present_;
  if (inputs_ == 0) return v;
  const double n = inputs_;
  for (std::size_t p = 0; p < kPhases; ++p) {
    if (!present_[p]) continue;
    const PhaseSums& s = phases_[p];
    PowerValues::Phase& out = v.phases[p];
    out.i_rms_a = std::sqrt(s.i_rms_sq / n);
    for (std::size_t h = 0; h < s.i_subgroup_sq.size(); ++h)
      out.i_subgroups[h] = std::sqrt(s.i_subgroup_sq[h] / n);
    out.p_w = s.p / n;
    out.q_var = s.q / n;
    out.s_va = s.s / n;
    out.p1_w = s.p1 / n;
  }
  v.in_rms_a = std::sqrt(in_sq_ / n);
  return v;
}

void WritePhasePower(const PowerValues& values, int p, int max_harmonic_order,
                     pqa::v1::PhaseRecord& out) {
  if (!values.current_present[static_cast<std::size_t>(p)]) return;
  const PowerValues::Phase& v = values.phases[static_cast<std::size_t>(p)];
  // IEC 61000-4-7 / PRODIST: the distortion of the current over orders
  // 2..40, or as far as the rate allowed, in % of the fundamental current.
  const DistortionIndices d =
      ComputeDistortion(v.i_subgroups, std::clamp(max_harmonic_order, 2, kDistortionMaxOrder));
  out.set_i_rms_a(v.i_rms_a);
  out.set_i_fund_a(v.i_subgroups[1]);
  out.set_thd_i_pct(d.dtt_pct);
  for (int h = 2; h <= max_harmonic_order; ++h)
    out.add_dit_i_pct(d.dit_pct[static_cast<std::size_t>(h - 2)]);
  out.set_p_w(v.p_w);
  out.set_q_var(v.q_var);
  out.set_s_va(v.s_va);
  out.set_pf(RatioUpToOne(v.p_w, v.s_va));
  out.set_dpf(RatioUpToOne(v.p1_w, std::hypot(v.p1_w, v.q_var)));
}

void WriteRecordPower(const PowerValues& values, TimeNs start, TimeNs end, pqa::v1::Record& out) {
  double p = 0, q = 0, s = 0;
  for (std::size_t i = 0; i < kPhases; ++i) {
    if (!values.current_present[i]) continue;
    p += values.phases[i].p_w;
    q += values.phases[i].q_var;
    s += values.phases[i].s_va;
  }
  out.set_p_w(p);
  out.set_q_var(q);
  out.set_s_va(s);
  // PRODIST Module 8 item 38: fp = P / sqrt(P^2 + Q^2), signed as P.
  out.set_pf(RatioUpToOne(p, std::hypot(p, q)));
  out.set_ea_imp_wh(values.ea_imp_wh);
  out.set_ea_exp_wh(values.ea_exp_wh);
  out.set_er_ind_varh(values.er_ind_varh);
  out.set_er_cap_varh(values.er_cap_varh);
  out.set_in_rms_a(values.in_rms_a);
  for (const PowerValues::QuarterHour& quarter : values.quarters) {
    if (quarter.start < start || quarter.start + kQuarterHourNs > end) continue;
    if (quarter.measured_ns <= 0) continue;
    const double seconds = static_cast<double>(quarter.measured_ns) * 1e-9;
    pqa::v1::Demand* d = out.add_demand();
    d->set_start(FormatRfc3339(quarter.start, 0));
    d->set_p_w(quarter.p_ws / seconds);
    d->set_q_var(quarter.q_vars / seconds);
    d->set_complete(quarter.measured_ns >= kQuarterHourNs - kQuarterHourSlackNs);
  }
}

}  // namespace pqa::measure
