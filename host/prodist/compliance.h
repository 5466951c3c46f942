// One point's PRODIST Module 8 evaluation: both reading sets, every
// indicator, monthly means, histogram and min/max. `pqa window` prints it
// and `pqa report` renders it; neither computes anything else.
#ifndef PQA_HOST_PRODIST_COMPLIANCE_H_
#define PQA_HOST_PRODIST_COMPLIANCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/prodist/point_config.h"
#include "host/prodist/records_jsonl.h"
#include "pqa/v1/compliance.pb.h"

namespace pqa::prodist {

// Evaluates `records` (sorted, as ReadRecordsJsonl returns them). An eventual
// measurement (item 26.7) takes the first set only; permanent and sampled
// measurements take every consecutive non-overlapping set (item 26.6).
// When fewer than 1,008 valid readings exist for a kind, that list is empty
// and `notes` says how many valid readings there were: that is a result (a
// measurement still running), not an error. pending_readings counts the
// valid steady-state readings towards the next set (the first, with none);
// the power-factor section (items 38-42) needs no set.
v1::ComplianceResult EvaluateCompliance(const std::vector<TimedRecord>& records,
                                        const PointConfig& point);

// The per-point summary that the collective indicators take: the mean of the
// monthly DRP/DRC values (0 when there is no set).
v1::CompliancePoint DescribePoint(const PointConfig& point);

// The ComplianceResult as `pqa window` prints it (proto field names, every
// field printed).
absl::StatusOr<std::string> ComplianceJson(const v1::ComplianceResult& result);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_COMPLIANCE_H_
