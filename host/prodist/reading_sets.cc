#include "host/prodist/reading_sets.h"

#include <string>

namespace pqa::prodist {
namespace {
bool IsMomentary(const std::string& t) { return t == "IMT" || t == "AMT" || t == "EMT"; }
bool IsTemporary(const std::string& t) { return t == "ITT" || t == "ATT" || t == "ETT"; }

// Whether the record carries every indicator its set needs. Item 81 builds
// one set of 1,008 valid readings for harmonics, unbalance AND flicker, and
// items 50, 60 and 130-133 take each 95th percentile over those same "1.008
// leituras validas"; a reading is the record of all the indicators
// (definition 221). A record whose Pst did not come from settled flicker
// filters over the whole interval (flicker_complete false, IEC 61000-4-15
// 5.7) therefore is not a valid reading of the disturbance set at all: it is
// replaced by the next consecutive interval (item 82), rather than dropped
// from Pst95 alone, which would give Pst95 fewer than 1,008 readings. The
// steady-state set does not use Pst and keeps such a record.
bool IsMeasured(const v1::Record& r, SetKind kind, bool require_flicker) {
  if (!r.complete() || r.phases().empty()) return false;
  return kind != SetKind::kDisturbance || !require_flicker || r.flicker_complete();
}

void CloseSet(const std::vector<TimedRecord>& records, SetKind kind, bool expurgate_momentary,
              bool require_flicker, ReadingSet& set) {
  size_t first = set.readings.front();
  size_t last = set.readings.back();
  set.start = records[first].start;
  set.end = records[last].start + kTenMinutesNs;
  int present = 0;
  for (size_t i = first; i <= last; ++i) {
    ++present;
    const v1::Record& r = records[i].record;
    if (!IsMeasured(r, kind, require_flicker)) {
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

bool FlickerMeasured(const std::vector<TimedRecord>& records) {
  for (const TimedRecord& r : records) {
    if (r.record.flicker_complete()) return true;
  }
  return false;
}

bool IsValidReading(const v1::Record& record, SetKind kind, bool expurgate_momentary,
                    bool require_flicker) {
  return IsMeasured(record, kind, require_flicker) &&
         !IsExpurgated(record, kind, expurgate_momentary);
}

ReadingSets BuildReadingSets(const std::vector<TimedRecord>& records, SetKind kind,
                             bool expurgate_momentary, int max_sets, int set_size,
                             bool require_flicker) {
  ReadingSets out;
  ReadingSet current;
  for (size_t i = 0; i < records.size(); ++i) {
    if (max_sets > 0 && static_cast<int>(out.sets.size()) >= max_sets) break;
    if (!IsValidReading(records[i].record, kind, expurgate_momentary, require_flicker)) continue;
    current.readings.push_back(i);
    if (static_cast<int>(current.readings.size()) == set_size) {
      CloseSet(records, kind, expurgate_momentary, require_flicker, current);
      out.sets.push_back(std::move(current));
      current = ReadingSet{};
    }
  }
  out.pending_valid = static_cast<int>(current.readings.size());
  return out;
}

}  // namespace pqa::prodist
