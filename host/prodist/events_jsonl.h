// Reads VTCD events (pqa.v1.VtcdEvent, one JSON object per line, as written
// by `pqa replay --events FILE`) for the report's table 11 and the
// stratification grid (Module 8 tables 6 and 11).
#ifndef PQA_HOST_PRODIST_EVENTS_JSONL_H_
#define PQA_HOST_PRODIST_EVENTS_JSONL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "pqa/v1/event.pb.h"

namespace pqa::prodist {

// Every line passes records::ValidateEvent; an event given twice (same start
// and duration) is refused. Errors name the file, the line and the field.
absl::StatusOr<std::vector<v1::VtcdEvent>> ReadEventsJsonl(const std::string& path);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_EVENTS_JSONL_H_
