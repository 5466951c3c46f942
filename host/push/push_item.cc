#include "host/push/push_item.h"

#include "absl/strings/str_cat.h"
#include "host/analyzer/json_lines.h"
#include "host/records/event_validation.h"
#include "host/records/record_validation.h"

namespace pqa::push {
const char* ItemKindName(ItemKind kind) { return kind == ItemKind::kRecord ? "record" : "event"; }

absl::Status ParseItemLine(ItemKind kind, const std::string& line, const std::string& where,
                           pqa::v1::IngestItem* item) {
  // Parsed aside and appended only once sound, so that an item holds the
  // lines before a bad one and nothing of it.
  // The service's own checks (records::Validate*): refused here with the
  // file and line, before anything of the item is sent.
  if (kind == ItemKind::kRecord) {
    pqa::v1::Record r;
    if (absl::Status s = analyzer::FromJsonLine(line, where, r); !s.ok()) return s;
    if (auto facts = records::ValidateRecord(r); !facts.ok()) {
      return absl::Status(facts.status().code(),
                          absl::StrCat(where, ": ", facts.status().message()));
    }
    *item->add_records() = std::move(r);
    return absl::OkStatus();
  }
  pqa::v1::VtcdEvent e;
  if (absl::Status s = analyzer::FromJsonLine(line, where, e); !s.ok()) return s;
  if (auto facts = records::ValidateEvent(e); !facts.ok()) {
    return absl::Status(facts.status().code(), absl::StrCat(where, ": ", facts.status().message()));
  }
  *item->add_events() = std::move(e);
  return absl::OkStatus();
}

}  // namespace pqa::push
