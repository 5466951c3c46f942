#include "host/prodist/power_factor.h"

#include <cmath>
#include <map>
#include <string>

#include "host/common/local_time.h"
#include "host/common/time.h"

namespace pqa::prodist {
namespace {

constexpr TimeNs kHourNs = 60 * kNsPerMinute;
constexpr int kRecordsPerHour = 6;

// A power factor at the limit computed from energies that are exactly at it
// can land a rounding step below 0.92 (e.g. 92 kWh with sqrt(1536) kvarh);
// 1e-9 is far below any meter's resolution and only absorbs that rounding.
constexpr double kRounding = 1e-9;

// Group A: connections from 2.3 kV up (REN 1000's consumer groups), Module
// 8's MT and AT classes; a point given as a low-voltage pair is group B
// (ResolvePoint takes no line-to-line voltage of 2.3 kV or less).
bool GroupA(const PointConfig& point) { return point.voltage_class != VoltageClass::kBT; }

struct HourSum {
  double ea_wh = 0;
  double er_varh = 0;
  int complete_records = 0;  // complete 10-minute records with currents
};

}  // namespace

bool PowerFactorLimitApplies(const PointConfig& point, std::string* why) {
  // Item 41: "unidade consumidora do Grupo A ou ponto de conexão entre
  // distribuidoras com tensão inferior a 230 kV". Below 2.3 kV (group B) the
  // reactive energy is not controlled hour by hour; at 230 kV and above the
  // Procedimentos de Rede set the band (as item 42 does for generators).
  if (!GroupA(point)) {
    if (why) {
      *why =
          "item 41 does not apply to a group B connection (Vn <= 2.3 kV): its 0.92 band is for "
          "group A consumers and connections between distributors; the hourly values are shown "
          "without a verdict";
    }
    return false;
  }
  if (point.nominal_ll_v >= 230e3) {
    if (why) {
      *why =
          "item 41 does not apply at Vn >= 230 kV: it covers connections below 230 kV, and at "
          "this level the Procedimentos de Rede set the power factor; the hourly values are "
          "shown without a verdict";
    }
    return false;
  }
  if (why) why->clear();
  return true;
}

v1::PowerFactorHour JudgeHour(double ea_wh, double er_varh) {
  v1::PowerFactorHour h;
  h.set_ea_wh(ea_wh);
  h.set_er_varh(er_varh);
  // Item 38: fp = EA / sqrt(EA^2 + ER^2). An hour of net export (EA < 0, a
  // consumer that generates) is judged by the magnitude, as the band of item
  // 41 is symmetric in EA; an hour with no energy at all has nothing to
  // correct and counts as unity.
  const double magnitude = std::hypot(ea_wh, er_varh);
  h.set_fp(magnitude > 0 ? std::abs(ea_wh) / magnitude : 1.0);
  h.set_nature(er_varh > 0 ? "inductive" : er_varh < 0 ? "capacitive" : "unity");
  // Item 41: 0.92 inductive .. 1.00 .. 0.92 capacitive, both edges allowed.
  h.set_within(h.fp() >= kPowerFactorLimit - kRounding);
  return h;
}

v1::PowerFactorSection EvaluatePowerFactor(const std::vector<TimedRecord>& records,
                                           const PointConfig& point) {
  v1::PowerFactorSection out;
  out.set_limit(kPowerFactorLimit);
  std::string why;
  out.set_limit_applies(PowerFactorLimitApplies(point, &why));
  out.set_limit_note(why);

  // Clock hours of UTC. Brazil's zones are whole hours from UTC, so these
  // are the point's local clock hours as well (start_local shows them).
  std::map<TimeNs, HourSum> hours;
  for (const TimedRecord& tr : records) {
    const v1::Record& r = tr.record;
    if (r.current_channels() <= 0) continue;  // voltages only: no energy measured
    TimeNs hour = tr.start - ((tr.start % kHourNs) + kHourNs) % kHourNs;
    HourSum& sum = hours[hour];
    sum.ea_wh += r.ea_imp_wh() - r.ea_exp_wh();
    sum.er_varh += r.er_ind_varh() - r.er_cap_varh();
    sum.complete_records += r.complete();
  }
  out.set_measured(!hours.empty());
  if (hours.empty()) return out;

  int outside = 0;
  for (const auto& [start, sum] : hours) {
    v1::PowerFactorHour h = JudgeHour(sum.ea_wh, sum.er_varh);
    h.set_start(FormatRfc3339(start));
    h.set_start_local(FormatRfc3339Local(start, point.zone));
    h.set_complete(sum.complete_records >= kRecordsPerHour);
    outside += !h.within();
    // The earliest of equally bad hours stays the worst.
    if (!out.has_worst() || h.fp() < out.worst().fp()) *out.mutable_worst() = h;
    *out.add_hourly() = std::move(h);
  }
  out.set_hours(out.hourly_size());
  out.set_hours_outside(outside);
  out.set_within_pct(100.0 * (out.hours() - outside) / out.hours());
  return out;
}

}  // namespace pqa::prodist
