#include "host/vtcd/impact_factor.h"

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "host/vtcd/classification.h"

namespace pqa::vtcd {
namespace {

// Table 8, regions A..I.
constexpr std::array<double, kRegionCount> kRegionWeights = {0.00, 0.04, 0.07, 0.15, 0.25,
                                                             0.36, 0.07, 0.02, 0.04};

}  // namespace

absl::StatusOr<VoltageLevel> VoltageLevelFor(double nominal_line_voltage_v) {
  if (!(nominal_line_voltage_v > 0.0) || nominal_line_voltage_v >= 230e3) {
    return absl::InvalidArgumentError(
        absl::StrFormat("nominal voltage %g V: expected 0 < Vn < 230 kV (PRODIST Module 8 table 8)",
                        nominal_line_voltage_v));
  }
  if (nominal_line_voltage_v <= 2.3e3) return VoltageLevel::kLow;
  return nominal_line_voltage_v < 69e3 ? VoltageLevel::kMedium : VoltageLevel::kHigh;
}

double RegionWeight(char region) {
  return region >= 'A' && region <= 'I' ? kRegionWeights[region - 'A'] : 0.0;
}

absl::StatusOr<double> ImpactFactorBase(VoltageLevel level) {
  switch (level) {
    case VoltageLevel::kMedium:
      return 2.13;
    case VoltageLevel::kHigh:
      return 1.42;
    case VoltageLevel::kLow:
      break;
  }
  return absl::FailedPreconditionError(
      "no impact factor for low voltage (Vn <= 2.3 kV): PRODIST Module 8 item 78 sets no VTCD "
      "reference for the SDBT");
}

absl::StatusOr<ImpactFactorReport> ComputeImpactFactor(std::span<const AggregatedEvent> events,
                                                       const RegionMap& regions, VoltageLevel level,
                                                       TimeNs period_start, TimeNs period_end) {
  ImpactFactorReport report;
  absl::StatusOr<double> fibase = ImpactFactorBase(level);
  if (!fibase.ok()) return fibase.status();
  report.fibase = *fibase;
  report.period_start = period_start;
  report.period_end = period_end > period_start ? period_end : period_start + kImpactFactorPeriodNs;
  double weighted = 0.0;
  for (const AggregatedEvent& e : events) {
    const PolyphaseEvent& r = e.representative;
    if (!IsVtcd(r.vtcd_class) || r.start < report.period_start || r.start >= report.period_end) {
      continue;
    }
    const int row = AmplitudeRow(r.amplitude_pu);
    const int column = DurationColumn(static_cast<double>(r.duration()) / kNsPerSecond);
    if (row < 0 || column < 0) continue;  // cannot happen for a table 5 class
    ++report.grid[row][column];
    const char region = regions.Region(row, column);
    ++report.fe[region - 'A'];
    weighted += RegionWeight(region);
  }
  report.fi_pu = weighted / report.fibase;
  return report;
}

}  // namespace pqa::vtcd
