// One line of a records or events file as the payload of an IngestItem,
// checked here the way the service checks it, so that bad input is reported
// with its file, line and field instead of as a refused stream.
#ifndef PQA_HOST_PUSH_PUSH_ITEM_H_
#define PQA_HOST_PUSH_PUSH_ITEM_H_

#include <string>

#include "absl/status/status.h"
#include "pqa/v1/ingest.pb.h"

namespace pqa::push {

enum class ItemKind {
  kRecord,  // pqa.v1.Record, as `pqa replay --records` writes it
  kEvent,   // pqa.v1.VtcdEvent, as `pqa replay --events` writes it
};

const char* ItemKindName(ItemKind kind);  // "record" or "event"

// Parses `line` (one JSON object) and, when it is sound, appends it to
// item->records or item->events (consecutive lines travel together). `where`
// is "file:line" for messages ("recs.jsonl:7: phases[1].rms_v: ..."). The
// line must pass the service's own check, records::ValidateRecord or
// records::ValidateEvent.
absl::Status ParseItemLine(ItemKind kind, const std::string& line, const std::string& where,
                           pqa::v1::IngestItem* item);

}  // namespace pqa::push

#endif  // PQA_HOST_PUSH_PUSH_ITEM_H_
