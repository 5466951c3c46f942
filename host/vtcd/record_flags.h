// IEC 61000-4-30 4.7 flagging / PRODIST "expurgo": marks the aggregated
// measurement records whose interval saw a VTCD or a long interruption.
#ifndef PQA_HOST_VTCD_RECORD_FLAGS_H_
#define PQA_HOST_VTCD_RECORD_FLAGS_H_

#include <span>

#include "absl/status/status.h"
#include "host/vtcd/vtcd_event.h"
#include "pqa/v1/record.pb.h"

namespace pqa::vtcd {

// For every record, [start, start + duration_s) is compared with the interval
// [start, end) of every member of every aggregated event (a zero-length event
// counts at its instant). Overlapping records get flagged = true, the table 5
// names of the overlapping members in vtcd_types (sorted, each once) and
// long_interruption = true when a long interruption overlaps; every other
// record gets flagged = false, no vtcd_types and long_interruption = false.
// Members of class kNone never flag; sustained (>= 3 min) sags and swells flag
// without a type. Fails, naming the record, on an unparsable start or a
// negative duration.
absl::Status FlagRecords(std::span<const AggregatedEvent> events,
                         std::span<pqa::v1::Record> records);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_RECORD_FLAGS_H_
