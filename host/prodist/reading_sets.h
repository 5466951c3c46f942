// The 1,008-reading sets of PRODIST Module 8: steady-state voltage (items
// 26.2, 26.3, 87) and harmonics/unbalance/flicker (items 81, 82, 86).
#ifndef PQA_HOST_PRODIST_READING_SETS_H_
#define PQA_HOST_PRODIST_READING_SETS_H_

#include <cstddef>
#include <vector>

#include "host/common/time.h"
#include "host/prodist/records_jsonl.h"

namespace pqa::prodist {

inline constexpr int kReadingsPerSet = 1008;  // 168 h of 10-minute readings (item 26.2)

enum class SetKind {
  kSteadyState,  // item 87: temporary VTCD (ITT/ATT/ETT) or long interruption; momentary optional
  kDisturbance,  // item 86: any VTCD or long interruption
};

// Whether the interval is expurgated for `kind`. Momentary classes are
// IMT/AMT/EMT, temporary ITT/ATT/ETT (table 5).
bool IsExpurgated(const v1::Record& record, SetKind kind, bool expurgate_momentary);

// A record is a valid reading when it is complete, carries phases, for the
// disturbance set has flicker_complete (item 81: one set for all of DTT, FD
// and Pst), and is not expurgated. Missing intervals (no record) and incomplete records are
// neither valid nor counted.
// `require_flicker` false (flicker not measured at all, see FlickerMeasured)
// drops the flicker_complete condition so that DTT and FD still get a set.
bool IsValidReading(const v1::Record& record, SetKind kind, bool expurgate_momentary,
                    bool require_flicker = true);

// Whether any record carries a complete Pst. When none does, the analyzer
// measured no flicker (disabled, or no flickermeter) rather than produced
// unsettled values, and the disturbance set is built without the Pst
// condition; Pst95 is then not evaluated.
bool FlickerMeasured(const std::vector<TimedRecord>& records);

struct ReadingSet {
  std::vector<size_t> readings;  // indices into the record vector, kReadingsPerSet of them
  TimeNs start = 0;              // start of the first reading
  TimeNs end = 0;                // end of the last reading (its start + 10 min)
  int expurgated = 0;            // complete records in [start, end) that were expurgated
  int invalid =
      0;  // incomplete, phase-less or (disturbance) flicker-incomplete records in [start, end)
  int missing = 0;  // 10-minute intervals in [start, end) without a record
};

struct ReadingSets {
  std::vector<ReadingSet> sets;  // consecutive, non-overlapping, in time order
  int pending_valid = 0;         // valid readings after the last set (fewer than 1,008)
};

// Item 26.3 / 82: expurgated intervals are replaced by the next consecutive
// ones, so a set simply takes the next 1,008 valid readings. `max_sets`
// limits the count (1 for an eventual 168-hour measurement; 0 = no limit).
ReadingSets BuildReadingSets(const std::vector<TimedRecord>& records, SetKind kind,
                             bool expurgate_momentary, int max_sets = 0,
                             int set_size = kReadingsPerSet, bool require_flicker = true);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_READING_SETS_H_
