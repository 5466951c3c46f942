#include "host/service/point_evaluation.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "host/common/local_time.h"
#include "host/prodist/annex8a.h"
#include "host/storage/store.h"

namespace pqa::service {

absl::StatusOr<prodist::PointConfig> ResolveRegisteredPoint(
    const pqa::v1::MeasurementPoint& point) {
  const pqa::v1::CompliancePoint& c = point.config();
  auto precondition = [&](const std::string& field, const absl::Status& s) {
    return absl::FailedPreconditionError(
        absl::StrCat("point '", point.point_id(), "' config.", field, ": ", s.message()));
  };
  prodist::PointSpec spec;
  spec.id = point.point_id();
  spec.connection = c.connection();
  if (!c.voltage_class().empty()) {
    auto vc = prodist::ParseVoltageClass(c.voltage_class());
    if (!vc.ok()) return precondition("voltage_class", vc.status());
    spec.voltage_class = *vc;
  }
  spec.vt_open_delta = c.vt_connection() == "open-delta";
  spec.eusd_brl = c.eusd_brl();
  spec.voltage_kind =
      c.voltage_kind() == "line" ? prodist::VoltageKind::kLine : prodist::VoltageKind::kPhase;
  if (!c.measurement_mode().empty()) {
    auto mode = prodist::ParseMeasurementMode(c.measurement_mode());
    if (!mode.ok()) return precondition("measurement_mode", mode.status());
    spec.mode = *mode;
  }
  spec.expurgate_momentary = c.expurgate_momentary();
  if (!c.time_zone().empty()) {
    if (auto zone = LoadTimeZone(c.time_zone()); !zone.ok()) {
      return precondition("time_zone", zone.status());
    }
    spec.time_zone = c.time_zone();
  }
  auto resolved = prodist::ResolvePoint(spec, prodist::DefaultAnnex8a());
  if (!resolved.ok()) return precondition("connection", resolved.status());
  return resolved;
}

std::vector<prodist::TimedRecord> ToTimedRecords(const std::vector<pqa::v1::Record>& records) {
  std::vector<prodist::TimedRecord> out;
  out.reserve(records.size());
  for (const pqa::v1::Record& r : records) {
    auto key = storage::RecordKey(r);
    if (!key.ok() || key->length_ns != kTenMinutesNs) continue;
    out.push_back(prodist::TimedRecord{key->start_ns, 0, r});
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.start < b.start; });
  return out;
}

}  // namespace pqa::service
