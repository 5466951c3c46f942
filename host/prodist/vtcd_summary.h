// The VTCD and continuity part of the report (PRODIST Module 8 items 70-78,
// 106 f, 116 and section 8.2 items 172-173): the table 6 stratification, the
// impact factor FI per 30 consecutive days and DIC, FIC, DMIC per month, from
// the events `pqa replay --events` writes. The numbers come from host/vtcd;
// this file only converts the events and cuts the measurement into periods.
#ifndef PQA_HOST_PRODIST_VTCD_SUMMARY_H_
#define PQA_HOST_PRODIST_VTCD_SUMMARY_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/prodist/point_config.h"
#include "host/prodist/records_jsonl.h"
#include "host/vtcd/continuity.h"
#include "host/vtcd/impact_factor.h"
#include "host/vtcd/vtcd_event.h"
#include "pqa/v1/event.pb.h"

namespace pqa::prodist {

struct ImpactFactorPeriod {
  vtcd::ImpactFactorReport report;  // FI, fe per region and table 6 grid of the period
  bool complete = false;            // the measurement covers the whole period (items 77, 85)
  double covered_days = 0;          // days of the period inside the measurement (0..31)
  std::string month;                // "YYYY-MM" local civil month (item 85); "" for 30 days
};

struct VtcdSummary {
  vtcd::StratificationGrid grid{};  // table 6 counts of every VTCD event in the measurement
  int vtcd_events = 0;              // events counted in `grid`
  // FI per period: for a permanent measurement each civil month of the
  // point's time zone (item 85), otherwise 30 consecutive days from the
  // measurement start (item 77). Empty for low voltage (item 78: no VTCD
  // reference) with `impact_factor_note` saying why.
  std::vector<ImpactFactorPeriod> impact_factor;
  std::string impact_factor_note;
  std::vector<vtcd::MonthlyContinuity> continuity;  // DIC, FIC, DMIC per local month (8.2)
};

// The event as host/vtcd aggregates it (one member, the event itself).
// The event is checked by records::ValidateEvent; errors name the field.
absl::StatusOr<vtcd::AggregatedEvent> ToAggregatedEvent(const v1::VtcdEvent& event);

// `measurement_start`/`measurement_end`: ns since epoch UTC, the first
// record's start and the last record's end.
absl::StatusOr<VtcdSummary> SummarizeVtcd(const std::vector<v1::VtcdEvent>& events,
                                          const PointConfig& point, TimeNs measurement_start,
                                          TimeNs measurement_end);

// SummarizeVtcd over the measurement the records span: from the first
// record's start to the last record's end (start + 10 minutes), the bounds
// `pqa report --events` and Query.GetReport both use. `records`: 10-minute
// records in start order, at least one (INVALID_ARGUMENT otherwise).
absl::StatusOr<VtcdSummary> SummarizeVtcdOverRecords(const std::vector<v1::VtcdEvent>& events,
                                                     const PointConfig& point,
                                                     const std::vector<TimedRecord>& records);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_VTCD_SUMMARY_H_
