#include "host/prodist/reading_sets.h"

#include <string>

namespace pqa::prodist {
namespace {
bool IsMomentary(const std::string& t) { return t == "IMT" || t == "AMT" || t == "EMT"; }
bool IsTemporary(const std::string& t) { return t == "ITT" || t == "ATT" || t == "ETT"; }

void CloseSet(const std::vector<TimedRecord>& records, SetKind kind, bool expurgate_momentary,
              ReadingSet& set) {
  size_t first = set.readings.front();
  size_t last = set.readings.back();
  set.start = records[first].start;
  set.end = records[last].start + kTenMinutesNs;
  int present = 0;
  for (size_t i = first; i <= last; ++i) {
    ++present;
    const v1::Record& r = records[i].record;
    if (!r.complete() || r.phases().empty()) {
      ++set.invalid;
    } else if (IsExpurgated(r, kind, expurgate_momentary)) {
      ++set.expurgated;
    }
  }
  set.missing = static_cast<int>((set.end - set.start) / kTenMinutesNs) - present;
}
}  // namespace

bool IsExpurgated(const v1::Record& record, SetKind kind, bool expurgate_momentary) {
  if (record.long_interruption()) return true;
  for (const std::string& t : record.vtcd_types()) {
    if (kind == SetKind::kDisturbance) return true;  // item 86: any VTCD
    if (IsTemporary(t)) return true;                 // item 87
    if (expurgate_momentary && IsMomentary(t)) return true;
  }
  // A flagged interval without a class (e.g. a dip shorter than one cycle is
  // not a VTCD) is kept: the regulation expurgates on VTCD, not on the flag.
  return false;
}

bool IsValidReading(const v1::Record& record, SetKind kind, bool expurgate_momentary) {
  return record.complete() && !record.phases().empty() &&
         !IsExpurgated(record, kind, expurgate_momentary);
}

ReadingSets BuildReadingSets(const std::vector<TimedRecord>& records, SetKind kind,
                             bool expurgate_momentary, int max_sets, int set_size) {
  ReadingSets out;
  ReadingSet current;
  for (size_t i = 0; i < records.size(); ++i) {
    if (max_sets > 0 && static_cast<int>(out.sets.size()) >= max_sets) break;
    if (!IsValidReading(records[i].record, kind, expurgate_momentary)) continue;
    current.readings.push_back(i);
    if (static_cast<int>(current.readings.size()) == set_size) {
      CloseSet(records, kind, expurgate_momentary, current);
      out.sets.push_back(std::move(current));
      current = ReadingSet{};
    }
  }
  out.pending_valid = static_cast<int>(current.readings.size());
  return out;
}

}  // namespace pqa::prodist
