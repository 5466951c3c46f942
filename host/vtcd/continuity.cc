#include "host/vtcd/continuity.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "host/common/local_time.h"
#include "host/vtcd/classification.h"

namespace pqa::vtcd {
namespace {

double RoundedHours(TimeNs ns) {
  return std::round(static_cast<double>(ns) / (3600.0 * kNsPerSecond) * 100.0) / 100.0;
}

struct MonthTotals {
  TimeNs total = 0;
  TimeNs longest = 0;
  int count = 0;
};

}  // namespace

std::vector<Interruption> LongInterruptions(std::span<const AggregatedEvent> events) {
  std::vector<Interruption> out;
  for (const AggregatedEvent& e : events) {
    for (const PolyphaseEvent& m : e.members) {
      if (m.vtcd_class == VtcdClass::kLongInterruption) out.push_back({m.start, m.end});
    }
  }
  return out;
}

std::vector<MonthlyContinuity> MonthlyContinuityIndicators(
    std::span<const Interruption> interruptions, const absl::TimeZone& zone) {
  std::map<std::pair<int, int>, MonthTotals> months;
  for (const Interruption& in : interruptions) {
    if (in.end <= in.start) continue;
    bool first = true;
    for (TimeNs t = in.start; t < in.end;) {
      const CivilDay day = ToCivilDay(t, zone);
      const TimeNs month_end = FromCivilDay(day.year, day.month + 1, 1, zone);
      const TimeNs part_end = std::min(in.end, month_end);
      MonthTotals& m = months[{day.year, day.month}];
      m.total += part_end - t;
      m.longest = std::max(m.longest, part_end - t);
      if (first) ++m.count;
      first = false;
      t = part_end;
    }
  }
  std::vector<MonthlyContinuity> out;
  for (const auto& [key, m] : months) {
    out.push_back({key.first, key.second, RoundedHours(m.total), m.count, RoundedHours(m.longest)});
  }
  return out;
}

PeriodContinuity SumMonths(std::span<const MonthlyContinuity> months, int year, int first_month,
                           int month_count) {
  const int first = year * 12 + (first_month - 1);
  PeriodContinuity out;
  for (const MonthlyContinuity& m : months) {
    const int index = m.year * 12 + (m.month - 1);
    if (index < first || index >= first + month_count) continue;
    out.dic_h += m.dic_h;
    out.fic += m.fic;
    out.dmic_h = std::max(out.dmic_h, m.dmic_h);
  }
  out.dic_h = std::round(out.dic_h * 100.0) / 100.0;
  return out;
}

}  // namespace pqa::vtcd
