// Bridges the registry's point configuration to the PRODIST engine
// (host/prodist), which computes sets, indicators, monthly values and reports.
#ifndef PQA_HOST_SERVICE_POINT_EVALUATION_H_
#define PQA_HOST_SERVICE_POINT_EVALUATION_H_

#include <vector>

#include "absl/status/statusor.h"
#include "host/prodist/compliance.h"
#include "host/prodist/point_config.h"
#include "pqa/v1/record.pb.h"
#include "pqa/v1/registry.pb.h"

namespace pqa::service {

// INVALID_ARGUMENT (FAILED_PRECONDITION for a registered point whose
// configuration cannot be resolved) naming the config field.
absl::StatusOr<prodist::PointConfig> ResolveRegisteredPoint(const pqa::v1::MeasurementPoint& point);

// INVALID_ARGUMENT naming point.config.time_zone when it is set and not an
// IANA zone of the system's tzdata ("" stands for America/Sao_Paulo). The
// registry checks it on CreatePoint and UpdatePoint.
absl::Status ValidatePointTimeZone(const pqa::v1::CompliancePoint& config);

// 10-minute records as the engine takes them (sorted by start; others skipped).
std::vector<prodist::TimedRecord> ToTimedRecords(const std::vector<pqa::v1::Record>& records);

}  // namespace pqa::service

#endif  // PQA_HOST_SERVICE_POINT_EVALUATION_H_
