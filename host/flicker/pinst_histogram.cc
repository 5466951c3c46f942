#include "host/flicker/pinst_histogram.h"

#include <algorithm>
#include <cmath>

namespace pqa::flicker {

PinstHistogram::PinstHistogram()
    : classes_per_log_unit_(kLogClasses / std::log(kHighest / kLowest)),
      counts_(kLogClasses + 2, 0) {}

void PinstHistogram::Add(double pinst) {
  int cls;
  if (pinst < kLowest) {
    cls = 0;
  } else if (pinst >= kHighest) {
    cls = kLogClasses + 1;
  } else {
    cls = 1 + static_cast<int>(std::log(pinst / kLowest) * classes_per_log_unit_);
    cls = std::clamp(cls, 1, kLogClasses);  // rounding at the top edge
  }
  ++counts_[cls];
  ++count_;
  max_ = std::max(max_, pinst);
}

void PinstHistogram::Clear() {
  std::fill(counts_.begin(), counts_.end(), 0);
  count_ = 0;
  max_ = 0;
}

double PinstHistogram::LowerEdge(int cls) const {
  if (cls == 0) return 0;
  if (cls == kLogClasses + 1) return kHighest;
  return kLowest * std::exp((cls - 1) / classes_per_log_unit_);
}

double PinstHistogram::UpperEdge(int cls) const {
  if (cls == 0) return kLowest;
  if (cls == kLogClasses + 1) return std::max(max_, kHighest);
  return kLowest * std::exp(cls / classes_per_log_unit_);
}

double PinstHistogram::Percentile(double percent) const {
  if (count_ == 0) return 0;
  const double above_target = percent / 100 * static_cast<double>(count_);
  double above = 0;
  for (int cls = kLogClasses + 1; cls >= 0; --cls) {
    const double n = static_cast<double>(counts_[cls]);
    if (n == 0 || above + n < above_target) {
      above += n;
      continue;
    }
    // The samples of a class are taken as spread evenly over it (in log
    // scale for the logarithmic classes); interpolate from its upper edge.
    const double fraction = (above_target - above) / n;
    const double lo = LowerEdge(cls), hi = std::min(UpperEdge(cls), std::max(max_, lo));
    if (cls == 0 || cls == kLogClasses + 1) return hi - fraction * (hi - lo);
    return hi * std::pow(lo / hi, fraction);
  }
  return 0;
}

double ShortTermSeverity(const PinstHistogram& h) {
  auto p = [&h](double percent) { return h.Percentile(percent); };
  const double p1s = (p(0.7) + p(1) + p(1.5)) / 3;
  const double p3s = (p(2.2) + p(3) + p(4)) / 3;
  const double p10s = (p(6) + p(8) + p(10) + p(13) + p(17)) / 5;
  const double p50s = (p(30) + p(50) + p(80)) / 3;
  return std::sqrt(0.0314 * p(0.1) + 0.0525 * p1s + 0.0657 * p3s + 0.28 * p10s + 0.08 * p50s);
}

}  // namespace pqa::flicker
