// Service continuity from long interruptions (PRODIST Module 8 section 8.2,
// items 172-173): DIC, FIC and DMIC per civil month of the point's time zone
// (Brasilia time unless the point is elsewhere), and their sums over
// quarters and years (item 173.1).
#ifndef PQA_HOST_VTCD_CONTINUITY_H_
#define PQA_HOST_VTCD_CONTINUITY_H_

#include <span>
#include <vector>

#include "absl/time/time.h"
#include "host/common/time.h"
#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

struct Interruption {
  TimeNs start = 0;  // ns since epoch UTC
  TimeNs end = 0;    // ns since epoch UTC (> start)
};

// The long interruptions (class kLongInterruption) among aggregated events.
std::vector<Interruption> LongInterruptions(std::span<const AggregatedEvent> events);

struct MonthlyContinuity {
  int year = 0;
  int month = 0;        // 1..12
  double dic_h = 0.0;   // DIC: total interruption time in the month, hours rounded to 0.01
  int fic = 0;          // FIC: interruptions that started in the month (count)
  double dmic_h = 0.0;  // DMIC: longest continuous interruption time in the month, hours (0.01)
};

// One entry per civil month of `zone` touched by an interruption, in
// calendar order. An interruption that crosses a month boundary (local
// midnight of the 1st) puts the time on each side in its own month's DIC and
// DMIC, and counts once in FIC, in the month where it started (so that
// quarterly and yearly sums count it once).
std::vector<MonthlyContinuity> MonthlyContinuityIndicators(
    std::span<const Interruption> interruptions, const absl::TimeZone& zone);

struct PeriodContinuity {
  double dic_h = 0.0;   // sum of the monthly DIC, hours
  int fic = 0;          // sum of the monthly FIC
  double dmic_h = 0.0;  // largest monthly DMIC, hours (item 173.1 sums only DIC and FIC)
};

// Months [first_month, first_month + month_count) of `year` (may run into
// the next year). Quarter q (1..4): first_month = 3q - 2, month_count = 3;
// year: 1, 12.
PeriodContinuity SumMonths(std::span<const MonthlyContinuity> months, int year, int first_month,
                           int month_count);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_CONTINUITY_H_
