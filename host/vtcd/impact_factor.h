// PRODIST Module 8 items 74-77 and table 8: the impact factor FI of the VTCD
// events recorded over 30 consecutive days, for medium and high voltage.
#ifndef PQA_HOST_VTCD_IMPACT_FACTOR_H_
#define PQA_HOST_VTCD_IMPACT_FACTOR_H_

#include <array>
#include <span>

#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/vtcd/region_map.h"
#include "host/vtcd/stratification.h"
#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

inline constexpr TimeNs kImpactFactorPeriodNs = 30 * 86400 * kNsPerSecond;  // item 74: 30 days
inline constexpr int kRegionCount = 9;                                      // regions A..I

enum class VoltageLevel {
  kLow,     // SDBT, Vn <= 2.3 kV: item 78, no VTCD reference
  kMedium,  // SDMT, 2.3 kV < Vn < 69 kV
  kHigh,    // SDAT, 69 kV <= Vn < 230 kV
};

// Level of a nominal line-to-line voltage in volts (> 0, < 230 kV).
absl::StatusOr<VoltageLevel> VoltageLevelFor(double nominal_line_voltage_v);

// Table 8 weighting factor fpond of region 'A'..'I' (0 for any other char).
double RegionWeight(char region);

// Table 8 FIBASE: 2.13 (MT), 1.42 (AT); an error for low voltage (item 78).
absl::StatusOr<double> ImpactFactorBase(VoltageLevel level);

struct ImpactFactorReport {
  TimeNs period_start = 0;             // ns since epoch UTC
  TimeNs period_end = 0;               // ns, exclusive: period_start + 30 days or month end
  StratificationGrid grid{};           // table 6 counts of the VTCD events in the period
  std::array<int, kRegionCount> fe{};  // events per region, [0] = A .. [8] = I
  double fibase = 0.0;                 // table 8, per unit
  double fi_pu = 0.0;  // sum(fe_i x fpond_i) / FIBASE, per unit (reference 1.0, item 77)
};

// Counts every aggregated event whose representative is a table 5 class and
// whose representative start lies in [period_start, period_end); period_end
// defaults to period_start + 30 days (item 77). A permanent measurement
// passes the bounds of a civil month of its time zone (item 85).
absl::StatusOr<ImpactFactorReport> ComputeImpactFactor(std::span<const AggregatedEvent> events,
                                                       const RegionMap& regions, VoltageLevel level,
                                                       TimeNs period_start, TimeNs period_end = 0);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_IMPACT_FACTOR_H_
