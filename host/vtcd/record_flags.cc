#include "host/vtcd/record_flags.h"

#include <cmath>
#include <set>
#include <string>

#include "absl/strings/str_format.h"
#include "host/common/time.h"
#include "host/vtcd/classification.h"

namespace pqa::vtcd {

absl::Status FlagRecords(std::span<const AggregatedEvent> events,
                         std::span<pqa::v1::Record> records) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    pqa::v1::Record& record = records[i];
    const absl::StatusOr<TimeNs> start = ParseRfc3339(record.start());
    if (!start.ok()) {
      return absl::InvalidArgumentError(absl::StrFormat("record %d: field 'start': %s", i,
                                                        std::string(start.status().message())));
    }
    if (!(record.duration_s() >= 0.0)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("record %d (%s): field 'duration_s' = %g, expected >= 0 s", i,
                          record.start(), record.duration_s()));
    }
    const TimeNs end = *start + std::llround(record.duration_s() * 1e9);
    bool flagged = false;
    bool long_interruption = false;
    std::set<std::string> types;
    for (const AggregatedEvent& event : events) {
      for (const PolyphaseEvent& m : event.members) {
        if (m.vtcd_class == VtcdClass::kNone) continue;
        const bool overlaps = m.end > m.start ? (m.start < end && m.end > *start)
                                              : (m.start >= *start && m.start < end);
        if (!overlaps) continue;
        flagged = true;
        if (IsVtcd(m.vtcd_class)) types.emplace(ClassName(m.vtcd_class));
        long_interruption = long_interruption || m.vtcd_class == VtcdClass::kLongInterruption;
      }
    }
    record.set_flagged(flagged);
    record.set_long_interruption(long_interruption);
    record.clear_vtcd_types();
    for (const std::string& t : types) record.add_vtcd_types(t);
  }
  return absl::OkStatus();
}

}  // namespace pqa::vtcd
