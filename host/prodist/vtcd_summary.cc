#include "host/prodist/vtcd_summary.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "host/common/local_time.h"
#include "host/records/event_validation.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/region_map.h"
#include "host/vtcd/stratification.h"

namespace pqa::prodist {
namespace {

bool IsSwell(vtcd::VtcdClass c) {
  return c == vtcd::VtcdClass::kEmt || c == vtcd::VtcdClass::kEtt ||
         c == vtcd::VtcdClass::kLongSwell;
}

}  // namespace

absl::StatusOr<vtcd::AggregatedEvent> ToAggregatedEvent(const v1::VtcdEvent& event) {
  auto facts = records::ValidateEvent(event);
  if (!facts.ok()) return facts.status();
  vtcd::PolyphaseEvent p;
  p.vtcd_class = facts->vtcd_class;
  p.family = IsSwell(facts->vtcd_class) ? vtcd::Family::kSwell : vtcd::Family::kSag;
  p.start = facts->start;
  p.end = facts->end;
  p.amplitude_pu = event.amplitude_pu();
  p.amplitude_v = event.amplitude_v();
  p.reference_v = event.reference_v();
  p.truncated = event.truncated();
  vtcd::AggregatedEvent a;
  a.representative = p;
  a.members.push_back(p);
  return a;
}

absl::StatusOr<VtcdSummary> SummarizeVtcd(const std::vector<v1::VtcdEvent>& events,
                                          const PointConfig& point, TimeNs measurement_start,
                                          TimeNs measurement_end) {
  std::vector<vtcd::AggregatedEvent> aggregated;
  for (size_t i = 0; i < events.size(); ++i) {
    auto a = ToAggregatedEvent(events[i]);
    if (!a.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("event ", i + 1, ": ", a.status().message()));
    }
    aggregated.push_back(*std::move(a));
  }
  VtcdSummary out;
  for (const vtcd::AggregatedEvent& a : aggregated) {
    if (!vtcd::IsVtcd(a.representative.vtcd_class)) continue;
    int row = vtcd::AmplitudeRow(a.representative.amplitude_pu);
    int col = vtcd::DurationColumn(static_cast<double>(a.representative.duration()) / 1e9);
    if (row < 0 || col < 0) continue;
    ++out.grid[row][col];
    ++out.vtcd_events;
  }
  std::vector<vtcd::Interruption> interruptions = vtcd::LongInterruptions(aggregated);
  out.continuity = vtcd::MonthlyContinuityIndicators(interruptions, point.zone);

  auto level = vtcd::VoltageLevelFor(point.nominal_ll_v);
  if (!level.ok()) {
    out.impact_factor_note = absl::StrCat("no FI: ", level.status().message());
  } else if (*level == vtcd::VoltageLevel::kLow) {
    out.impact_factor_note = "no FI for low voltage: item 78 sets no VTCD reference for the SDBT";
  } else {
    // Item 85: a permanent measurement's FI is computed for each civil month
    // (local time) and belongs to the month in which its measurement ended.
    // Item 77 otherwise: 30 consecutive days from the measurement start. A
    // period the measurement does not cover whole is reported as incomplete.
    const bool monthly = point.spec.mode == MeasurementMode::kPermanent;
    TimeNs t = measurement_start;
    if (monthly) {
      CivilDay d = ToCivilDay(measurement_start, point.zone);
      t = FromCivilDay(d.year, d.month, 1, point.zone);
    }
    while (t < measurement_end) {
      TimeNs next = t + vtcd::kImpactFactorPeriodNs;
      if (monthly) {
        CivilDay d = ToCivilDay(t, point.zone);
        next = FromCivilDay(d.year, d.month + 1, 1, point.zone);
      }
      auto fi = vtcd::ComputeImpactFactor(aggregated, vtcd::RegionMap::Default(), *level, t, next);
      if (!fi.ok()) return fi.status();
      ImpactFactorPeriod period;
      period.report = *fi;
      TimeNs covered = std::min(measurement_end, next) - std::max(measurement_start, t);
      period.covered_days = static_cast<double>(covered) / (86400.0 * kNsPerSecond);
      period.complete = measurement_start <= t && next <= measurement_end;
      if (monthly) period.month = CivilMonth(t, point.zone);
      out.impact_factor.push_back(period);
      t = next;
    }
  }
  return out;
}

absl::StatusOr<VtcdSummary> SummarizeVtcdOverRecords(const std::vector<v1::VtcdEvent>& events,
                                                     const PointConfig& point,
                                                     const std::vector<TimedRecord>& records) {
  if (records.empty()) {
    return absl::InvalidArgumentError(
        "no 10-minute records: the VTCD summary needs the measurement they span");
  }
  return SummarizeVtcd(events, point, records.front().start, records.back().start + kTenMinutesNs);
}

}  // namespace pqa::prodist
