#include "host/push/push_item.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "host/analyzer/json_lines.h"
#include "host/common/time.h"
#include "host/prodist/vtcd_summary.h"

namespace pqa::push {
namespace {

absl::Status CheckStart(const std::string& start, const std::string& where, const char* field) {
  if (ParseRfc3339(start).ok()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", field,
                                                 ": expected an RFC 3339 UTC time such as "
                                                 "\"2025-03-03T00:10:00Z\", got \"",
                                                 start, "\""));
}

}  // namespace

const char* ItemKindName(ItemKind kind) { return kind == ItemKind::kRecord ? "record" : "event"; }

absl::Status ParseItemLine(ItemKind kind, const std::string& line, const std::string& where,
                           pqa::v1::IngestItem* item) {
  // Parsed aside and appended only once sound, so that an item holds the
  // lines before a bad one and nothing of it.
  if (kind == ItemKind::kRecord) {
    pqa::v1::Record r;
    if (absl::Status s = analyzer::FromJsonLine(line, where, r); !s.ok()) return s;
    if (absl::Status s = CheckStart(r.start(), where, "start"); !s.ok()) return s;
    if (!(r.duration_s() > 0) || !std::isfinite(r.duration_s())) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": duration_s: expected the interval length in seconds (> 0), got ",
                       r.duration_s()));
    }
    // The same rule as the PRODIST reading sets apply to a records file.
    const bool ten_minute =
        r.interval() == "10min" || (r.interval().empty() && r.duration_s() == 600);
    const TimeNs start = *ParseRfc3339(r.start());
    if (ten_minute && FloorTo(start, kTenMinutesNs) != start) {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": start: ", r.start(),
                       " is not on a 10-minute UTC boundary (IEC 61000-4-30 4.6 time "
                       "aggregation)"));
    }
    *item->add_records() = std::move(r);
    return absl::OkStatus();
  }
  pqa::v1::VtcdEvent e;
  if (absl::Status s = analyzer::FromJsonLine(line, where, e); !s.ok()) return s;
  if (absl::Status s = CheckStart(e.start(), where, "start"); !s.ok()) return s;
  // The service's own check: class (table 5), duration and amplitude.
  if (auto event = prodist::ToAggregatedEvent(e); !event.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(where, ": ", event.status().message()));
  }
  *item->add_events() = std::move(e);
  return absl::OkStatus();
}

}  // namespace pqa::push
