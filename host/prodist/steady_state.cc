#include "host/prodist/steady_state.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "absl/strings/str_format.h"
#include "host/prodist/annex8a.h"
#include "host/prodist/phase_names.h"
#include "host/prodist/set_period.h"

namespace pqa::prodist {

double Compensation(double drp_pct, double drc_pct, VoltageClass voltage_class, double eusd_brl) {
  double k1 = drp_pct > kDrpLimitPct ? 3.0 : 0.0;
  double k2 = 0.0;
  if (drc_pct > kDrcLimitPct) {
    k2 = voltage_class == VoltageClass::kBT ? 7.0 : voltage_class == VoltageClass::kMT ? 5.0 : 3.0;
  }
  double term_p = k1 > 0 ? (drp_pct - kDrpLimitPct) / 100.0 * k1 : 0.0;
  double term_c = k2 > 0 ? (drc_pct - kDrcLimitPct) / 100.0 * k2 : 0.0;
  return RoundToCentavos((term_p + term_c) * eusd_brl);
}

double RoundToCentavos(double brl) { return std::round(brl * 100.0) / 100.0; }

std::string CivilMonthOfSetEnd(TimeNs end, const absl::TimeZone& zone) {
  return CivilMonth(end - 1, zone);
}

v1::VoltageSet EvaluateVoltageSet(const std::vector<TimedRecord>& records, const ReadingSet& set,
                                  const PointConfig& point) {
  v1::VoltageSet out;
  FillSetPeriod(set, point.zone, &out);
  std::map<std::string, v1::PhaseBandCount> per_phase;
  std::vector<std::string> order;
  for (size_t idx : set.readings) {
    const v1::Record& r = records[idx].record;
    for (int p = 0; p < r.phases_size(); ++p) {
      std::string name = PhaseName(r, p);
      double v = r.phases(p).rms_v();
      auto [it, inserted] = per_phase.try_emplace(name);
      v1::PhaseBandCount& c = it->second;
      if (inserted) {
        order.push_back(name);
        c.set_phase(name);
        c.set_min_v(v);
        c.set_max_v(v);
      }
      c.set_min_v(std::min(c.min_v(), v));
      c.set_max_v(std::max(c.max_v(), v));
      switch (ClassifyReading(v, point.reference_v, point.bands)) {
        case Band::kPrecarious:
          c.set_precarious(c.precarious() + 1);
          break;
        case Band::kCritical:
          c.set_critical(c.critical() + 1);
          break;
        case Band::kAdequate:
          break;
      }
    }
  }
  int nlp = 0, nlc = 0;
  for (const std::string& name : order) {
    const v1::PhaseBandCount& c = per_phase[name];
    nlp = std::max(nlp, c.precarious());  // item 26.5: the largest over the phases
    nlc = std::max(nlc, c.critical());
    *out.add_per_phase() = c;
  }
  out.set_nlp(nlp);
  out.set_nlc(nlc);
  double n = static_cast<double>(set.readings.size());
  out.set_drp_pct(nlp / n * 100.0);
  out.set_drc_pct(nlc / n * 100.0);
  out.set_drp_violation(out.drp_pct() > kDrpLimitPct);
  out.set_drc_violation(out.drc_pct() > kDrcLimitPct);
  out.set_month(CivilMonthOfSetEnd(set.end, point.zone));
  out.set_compensation(
      Compensation(out.drp_pct(), out.drc_pct(), point.voltage_class, point.spec.eusd_brl));
  return out;
}

namespace {
std::string NextMonth(const std::string& month) {
  int y = std::stoi(month.substr(0, 4));
  int m = std::stoi(month.substr(5, 2));
  if (++m > 12) {
    m = 1;
    ++y;
  }
  return absl::StrFormat("%04d-%02d", y, m);
}
}  // namespace

std::vector<v1::MonthlyVoltage> MonthlyVoltageIndicators(const std::vector<v1::VoltageSet>& sets,
                                                         const PointConfig& point) {
  std::vector<v1::MonthlyVoltage> out;
  if (sets.empty()) return out;
  std::map<std::string, std::vector<const v1::VoltageSet*>> by_month;
  for (const v1::VoltageSet& s : sets) by_month[s.month()].push_back(&s);
  double carried = 0;
  const std::string last = by_month.rbegin()->first;
  for (std::string month = by_month.begin()->first;; month = NextMonth(month)) {
    v1::MonthlyVoltage m;
    m.set_month(month);
    auto it = by_month.find(month);
    if (it != by_month.end()) {
      double drp = 0, drc = 0;
      for (const v1::VoltageSet* s : it->second) {
        drp += s->drp_pct();
        drc += s->drc_pct();
      }
      int k = static_cast<int>(it->second.size());
      m.set_sets(k);
      m.set_drp_pct(drp / k);
      m.set_drc_pct(drc / k);
      carried = Compensation(m.drp_pct(), m.drc_pct(), point.voltage_class, point.spec.eusd_brl);
      m.set_compensation(carried);
    } else {
      m.set_compensation(carried);  // item 33: due until a new measurement regularizes
      m.set_carried_over(carried > 0);
    }
    out.push_back(m);
    if (month == last) break;
  }
  return out;
}

absl::StatusOr<CollectiveIndicators> ComputeCollective(const std::vector<PointDrpDrc>& points) {
  if (points.empty()) {
    return absl::InvalidArgumentError(
        "collective indicators need at least one measured consumer unit (item 27.2: NL > 0)");
  }
  CollectiveIndicators c;
  c.nl = static_cast<int>(points.size());
  double sum_p = 0, sum_c = 0;
  for (const PointDrpDrc& p : points) {
    sum_p += p.drp_pct;
    sum_c += p.drc_pct;
    if (p.drc_pct != 0) ++c.nc;
  }
  c.icc_pct = 100.0 * c.nc / c.nl;
  c.drpe_pct = sum_p / c.nl;
  c.drce_pct = sum_c / c.nl;
  return c;
}

}  // namespace pqa::prodist
