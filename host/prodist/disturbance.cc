#include "host/prodist/disturbance.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/str_format.h"
#include "host/common/local_time.h"
#include "host/common/time.h"
#include "host/prodist/phase_names.h"
#include "host/prodist/set_period.h"
#include "host/prodist/steady_state.h"

namespace pqa::prodist {

double Percentile95(std::vector<double> values) {
  if (values.empty()) return 0.0;
  size_t n = values.size();
  size_t rank = (95 * n + 99) / 100;  // ceil(0.95 n), 1-based; 958 for n = 1008
  std::nth_element(values.begin(), values.begin() + (rank - 1), values.end());
  return values[rank - 1];
}

namespace {
struct PhaseSeries {
  std::vector<double> dtt, dttp, dtti, dtt3, pst;
  std::vector<std::vector<double>> dit = std::vector<std::vector<double>>(kDitOrders);
};

void CheckLimit(const char* name, double value, double limit, v1::DisturbanceSet& out) {
  if (value > limit) {
    v1::Violation* v = out.add_violations();
    v->set_indicator(name);
    v->set_value(value);
    v->set_limit(limit);
  }
}
}  // namespace

std::string HarmonicOrderNote(const std::vector<TimedRecord>& records, const ReadingSet& set,
                              const absl::TimeZone& zone) {
  int lowest = 50;
  std::size_t short_readings = 0;
  for (size_t idx : set.readings) {
    const int order = records[idx].record.max_harmonic_order();
    if (order > 0 && order < 40) ++short_readings;
    if (order > 0) lowest = std::min(lowest, order);
  }
  if (short_readings == 0) return "";
  return absl::StrFormat(
      "Set from %s to %s: %d readings measured harmonics only to order %d (max_harmonic_order; "
      "the sample rate allowed no more), so their DTT covers orders 2..%d, not 2..40 as PRODIST "
      "Module 5 item 50.6 requires; the set's DTT95 may understate the distortion",
      FormatLocalMinute(set.start, zone), FormatLocalMinute(set.end, zone), short_readings, lowest,
      std::max(2, lowest));
}

v1::DisturbanceSet EvaluateDisturbanceSet(const std::vector<TimedRecord>& records,
                                          const ReadingSet& set, const DisturbanceLimits& limits,
                                          const absl::TimeZone& zone) {
  v1::DisturbanceSet out;
  FillSetPeriod(set, zone, &out);
  out.set_month(CivilMonthOfSetEnd(set.end, zone));  // item 84
  std::map<std::string, PhaseSeries> series;
  std::vector<double> fd;
  for (size_t idx : set.readings) {
    const v1::Record& r = records[idx].record;
    fd.push_back(r.fd_pct());
    for (int p = 0; p < r.phases_size(); ++p) {
      const v1::PhaseRecord& ph = r.phases(p);
      PhaseSeries& s = series[PhaseName(r, p)];
      s.dtt.push_back(ph.dtt_pct());
      s.dttp.push_back(ph.dttp_pct());
      s.dtti.push_back(ph.dtti_pct());
      s.dtt3.push_back(ph.dtt3_pct());
      s.pst.push_back(ph.pst());
      if (ph.dit_pct_size() >= kDitOrders) {
        for (int h = 0; h < kDitOrders; ++h) s.dit[h].push_back(ph.dit_pct(h));
      }
    }
  }
  double w_dtt = 0, w_dttp = 0, w_dtti = 0, w_dtt3 = 0, w_pst = 0;
  for (auto& [name, s] : series) {
    v1::PhasePercentiles pp;
    pp.set_dtt95_pct(Percentile95(s.dtt));
    pp.set_dttp95_pct(Percentile95(s.dttp));
    pp.set_dtti95_pct(Percentile95(s.dtti));
    pp.set_dtt395_pct(Percentile95(s.dtt3));
    pp.set_pst95(Percentile95(s.pst));
    if (!s.dit[0].empty()) {
      if (out.dit95_pct().empty()) out.mutable_dit95_pct()->Resize(kDitOrders, 0.0);
      for (int h = 0; h < kDitOrders; ++h) {
        pp.add_dit95_pct(Percentile95(s.dit[h]));
        out.set_dit95_pct(h, std::max(out.dit95_pct(h), pp.dit95_pct(h)));
      }
    }
    w_dtt = std::max(w_dtt, pp.dtt95_pct());
    w_dttp = std::max(w_dttp, pp.dttp95_pct());
    w_dtti = std::max(w_dtti, pp.dtti95_pct());
    w_dtt3 = std::max(w_dtt3, pp.dtt395_pct());
    w_pst = std::max(w_pst, pp.pst95());
    (*out.mutable_per_phase())[name] = pp;
  }
  out.set_dtt95_pct(w_dtt);
  out.set_dttp95_pct(w_dttp);
  out.set_dtti95_pct(w_dtti);
  out.set_dtt395_pct(w_dtt3);
  out.set_pst95(w_pst);
  out.set_fd95_pct(Percentile95(fd));
  out.set_limits_apply(limits.apply);
  if (limits.apply) {
    CheckLimit("DTT95", w_dtt, limits.dtt95_pct, out);
    CheckLimit("DTTp95", w_dttp, limits.dttp95_pct, out);
    CheckLimit("DTTi95", w_dtti, limits.dtti95_pct, out);
    CheckLimit("DTT395", w_dtt3, limits.dtt395_pct, out);
    CheckLimit("FD95", out.fd95_pct(), limits.fd95_pct, out);
    CheckLimit("Pst95", w_pst, limits.pst95, out);
  }
  return out;
}

}  // namespace pqa::prodist
