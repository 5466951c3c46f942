// The one check of a VTCD event (pqa.v1.VtcdEvent) wherever it enters:
// `pqa report --events`, `pqa push` and the service's ingest call
// ValidateEvent before using or storing anything of it. Errors name the field
// ("duration_ms: ..."); callers add the place ("file:line: ", "events[2].").
#ifndef PQA_HOST_RECORDS_EVENT_VALIDATION_H_
#define PQA_HOST_RECORDS_EVENT_VALIDATION_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "host/common/time.h"
#include "host/vtcd/vtcd_event.h"
#include "pqa/v1/event.pb.h"

namespace pqa::records {

struct EventFacts {
  vtcd::VtcdClass vtcd_class = vtcd::VtcdClass::kNone;
  TimeNs start = 0;  // inside the supported range
  TimeNs end = 0;    // start + duration_ms, inside the supported range
};

// Checks: type is a table 5 class or LONG_INTERRUPTION, LONG_SAG,
// LONG_SWELL; start RFC 3339 inside the supported range; duration_ms finite,
// >= 0, the end inside the range and consistent with the class (table 5:
// momentary <= 3 s, temporary > 3 s and < 3 min, long >= 3 min, each with
// the 0.1 ms resolution of item 71); amplitude_pu, amplitude_pct,
// amplitude_v, reference_v finite and >= 0; phases "A", "B", "C" at most once
// each; aggregated_count >= 0; window_start/window_end, when given, RFC 3339
// inside the range and in order.
absl::StatusOr<EventFacts> ValidateEvent(const v1::VtcdEvent& event);

// The class named by a VtcdEvent.type ("AMT", "LONG_INTERRUPTION", ...).
absl::StatusOr<vtcd::VtcdClass> VtcdClassFromName(absl::string_view name);

}  // namespace pqa::records

#endif  // PQA_HOST_RECORDS_EVENT_VALIDATION_H_
