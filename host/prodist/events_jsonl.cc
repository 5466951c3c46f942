#include "host/prodist/events_jsonl.h"

#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "host/prodist/json_lines.h"
#include "host/records/event_validation.h"

namespace pqa::prodist {

absl::StatusOr<std::vector<v1::VtcdEvent>> ReadEventsJsonl(const std::string& path) {
  auto in = OpenJsonLinesFile(path, "the events file");
  if (!in.ok()) return in.status();
  std::vector<v1::VtcdEvent> out;
  // The service's idempotency key (start, duration at item 71's 0.1 ms): an
  // event given twice would be counted twice in table 6 and in FI.
  std::map<std::pair<TimeNs, long long>, int> first_line;
  absl::Status read =
      ForEachJsonLine<v1::VtcdEvent>(**in, path, [&](JsonLine<v1::VtcdEvent>&& l) -> absl::Status {
        auto facts = records::ValidateEvent(l.message);
        if (!facts.ok()) {
          return absl::Status(facts.status().code(),
                              absl::StrCat(path, ":", l.line, ": ", facts.status().message()));
        }
        const auto key = std::make_pair(facts->start, std::llround(l.message.duration_ms() * 10));
        if (auto [it, inserted] = first_line.emplace(key, l.line); !inserted) {
          return absl::InvalidArgumentError(
              absl::StrCat(path, ":", l.line, ": start: the event at ", l.message.start(),
                           " lasting ", l.message.duration_ms(), " ms is already at line ",
                           it->second, "; give each event once"));
        }
        out.push_back(std::move(l.message));
        return absl::OkStatus();
      });
  if (!read.ok()) return read;
  return out;
}

}  // namespace pqa::prodist
