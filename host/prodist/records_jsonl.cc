#include "host/prodist/records_jsonl.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "host/prodist/json_lines.h"
#include "host/records/record_validation.h"

namespace pqa::prodist {

absl::StatusOr<std::vector<TimedRecord>> ParseRecordsJsonl(std::istream& in,
                                                           std::string_view source_name) {
  absl::string_view name(source_name.data(), source_name.size());
  std::vector<TimedRecord> out;
  absl::Status read = ForEachJsonLine<v1::Record>(in, name, [&](JsonLine<v1::Record>&& l) {
    TimedRecord r;
    r.line = l.line;
    r.record = std::move(l.message);
    // Every line is checked, kept or not: a file with garbage in it is refused.
    auto facts = records::ValidateRecord(r.record);
    if (!facts.ok()) {
      return absl::Status(facts.status().code(),
                          absl::StrCat(name, ":", r.line, ": ", facts.status().message()));
    }
    if (facts->interval != records::RecordInterval::k10Min) return absl::OkStatus();
    if (absl::Status s = records::CheckThreePhases(r.record); !s.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(name, ":", r.line, ": ", s.message()));
    }
    r.start = facts->start;
    out.push_back(std::move(r));
    return absl::OkStatus();
  });
  if (!read.ok()) return read;
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
  auto in = OpenJsonLinesFile(path, "the records file");
  if (!in.ok()) return in.status();
  return ParseRecordsJsonl(**in, path);
}

}  // namespace pqa::prodist
