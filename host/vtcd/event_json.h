// Conversion of VTCD events to the pqa.v1 messages (proto/pqa/v1/event.proto)
// and to one-line JSON for `pqa replay --events FILE`.
#ifndef PQA_HOST_VTCD_EVENT_JSON_H_
#define PQA_HOST_VTCD_EVENT_JSON_H_

#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/message.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/region_map.h"
#include "host/vtcd/vtcd_event.h"
#include "pqa/v1/event.pb.h"

namespace pqa::vtcd {

// The representative's type, timing, amplitude, grid cell and (when `regions`
// is given) table 7 region. phase_names maps phase indices to names.
pqa::v1::VtcdEvent ToVtcdEventProto(const AggregatedEvent& event, const RegionMap* regions,
                                    std::span<const std::string> phase_names);

// Table 11 rows: the phase events sorted by start, numbered from 1, each
// classified on its own by table 5.
std::vector<pqa::v1::PhaseVtcdEvent> ToPhaseEventProtos(std::span<const PhaseEvent> events,
                                                        const ClassificationLimits& limits,
                                                        std::span<const std::string> phase_names);

// One JSON object on one line (no trailing newline), proto field names, every
// field printed.
absl::StatusOr<std::string> ToJsonLine(const google::protobuf::Message& message);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_EVENT_JSON_H_
