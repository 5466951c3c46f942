// Steady-state voltage indicators (PRODIST Module 8 items 26-33): nlp, nlc,
// DRP, DRC per set, the monthly means, the compensation owed, and the
// collective ICC, DRPE and DRCE over many points.
#ifndef PQA_HOST_PRODIST_STEADY_STATE_H_
#define PQA_HOST_PRODIST_STEADY_STATE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "host/common/time.h"
#include "host/prodist/point_config.h"
#include "host/prodist/reading_sets.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

inline constexpr double kDrpLimitPct = 3.0;  // item 28 a
inline constexpr double kDrcLimitPct = 0.5;  // item 28 b

// Item 29: [(DRP - DRPlim)/100 k1 + (DRC - DRClim)/100 k2] x EUSD, BRL;
// k1 = 3 when DRP > 3 %, k2 = 7 (BT), 5 (MT), 3 (AT) when DRC > 0.5 %; each
// term is zero when its indicator is within its limit.
// Rounded to centavos (RoundToCentavos): the amount a distribution company
// pays, the same in every output.
double Compensation(double drp_pct, double drc_pct, VoltageClass voltage_class, double eusd_brl);

// Reais rounded half away from zero to 0.01.
double RoundToCentavos(double brl);

// "YYYY-MM" of the civil month, in the point's time zone, in which a set
// ending at `end` (exclusive end of its last reading) ended: the month of the
// last reading's final instant, so a set whose last reading is 23:50-24:00
// local on 31 March belongs to March (items 26.6 b, 26.7, 84). A set ending
// at 2025-04-01T01:00Z ended on 31 March in Brasilia time.
std::string CivilMonthOfSetEnd(TimeNs end, const absl::TimeZone& zone);

// Item 26.5: per-phase band counts, nlp/nlc as the largest per-phase count
// (not the sum), DRP/DRC, item 29 compensation for the set, the month.
v1::VoltageSet EvaluateVoltageSet(const std::vector<TimedRecord>& records, const ReadingSet& set,
                                  const PointConfig& point);

// Item 26.6 c: the mean DRP/DRC over the sets that ended in each month, and
// the compensation due (item 29 on the monthly values). Items 30/33: a
// violating month's compensation stays due in the following months until a
// new measurement shows the limits met, so months with no set carry it over.
// Months run from the first to the last set's month.
std::vector<v1::MonthlyVoltage> MonthlyVoltageIndicators(const std::vector<v1::VoltageSet>& sets,
                                                         const PointConfig& point);

// Items 27.1-27.2 over NL measured consumer units.
struct PointDrpDrc {
  double drp_pct = 0;  // individual DRP, %
  double drc_pct = 0;  // individual DRC, %
};
struct CollectiveIndicators {
  int nl = 0;           // consumer units measured
  int nc = 0;           // units with DRC != 0
  double icc_pct = 0;   // ICC = Nc / NL x 100, %
  double drpe_pct = 0;  // DRPE = sum DRPi / NL, %
  double drce_pct = 0;  // DRCE = sum DRCi / NL, %
};
absl::StatusOr<CollectiveIndicators> ComputeCollective(const std::vector<PointDrpDrc>& points);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_STEADY_STATE_H_
