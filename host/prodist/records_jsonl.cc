#include "host/prodist/records_jsonl.h"

#include <algorithm>
#include <fstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "host/prodist/json_lines.h"

namespace pqa::prodist {

absl::StatusOr<std::vector<TimedRecord>> ParseRecordsJsonl(std::istream& in,
                                                           std::string_view source_name) {
  absl::string_view name(source_name.data(), source_name.size());
  std::vector<TimedRecord> out;
  auto lines = ParseJsonLines<v1::Record>(in, name);
  if (!lines.ok()) return lines.status();
  for (auto& l : *lines) {
    TimedRecord r;
    r.line = l.line;
    r.record = std::move(l.message);
    const int line_no = r.line;
    const v1::Record& rec = r.record;
    bool ten_minute =
        rec.interval() == "10min" || (rec.interval().empty() && rec.duration_s() == 600);
    if (!ten_minute) continue;
    auto start = ParseRfc3339(rec.start());
    if (!start.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(name, ":", line_no, ": field start \"",
                                                     rec.start(),
                                                     "\" is not RFC 3339 (2025-03-03T00:00:00Z)"));
    }
    if (FloorTo(*start, kTenMinutesNs) != *start) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ":", line_no, ": start ", rec.start(),
          " is not on a 10-minute UTC boundary (IEC 61000-4-30 4.6 time aggregation)"));
    }
    r.start = *start;
    out.push_back(std::move(r));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const TimedRecord& a, const TimedRecord& b) { return a.start < b.start; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].start == out[i - 1].start) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ":", out[i].line, ": a second record for interval ", out[i].record.start(),
          " (first at line ", out[i - 1].line, "); keep one record per 10-minute interval"));
    }
  }
  return out;
}

absl::StatusOr<std::vector<TimedRecord>> ReadRecordsJsonl(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return absl::NotFoundError(absl::StrCat(path, ": cannot open the records file"));
  }
  return ParseRecordsJsonl(in, path);
}

}  // namespace pqa::prodist
