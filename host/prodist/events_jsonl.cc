#include "host/prodist/events_jsonl.h"

#include <fstream>

#include "absl/strings/str_cat.h"
#include "host/prodist/json_lines.h"

namespace pqa::prodist {

absl::StatusOr<std::vector<v1::VtcdEvent>> ReadEventsJsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat(path, ": cannot open the events file"));
  auto lines = ParseJsonLines<v1::VtcdEvent>(in, path);
  if (!lines.ok()) return lines.status();
  std::vector<v1::VtcdEvent> out;
  for (auto& l : *lines) out.push_back(std::move(l.message));
  return out;
}

}  // namespace pqa::prodist
