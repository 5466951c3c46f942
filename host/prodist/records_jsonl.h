// Reads 10-minute aggregated records (pqa.v1.Record, one JSON object per
// line) as written by `pqa replay`, for the PRODIST reading sets.
#ifndef PQA_HOST_PRODIST_RECORDS_JSONL_H_
#define PQA_HOST_PRODIST_RECORDS_JSONL_H_

#include <istream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "pqa/v1/record.pb.h"

namespace pqa::prodist {

// One 10-minute record with its parsed start.
struct TimedRecord {
  TimeNs start = 0;  // start of the interval, ns since epoch UTC, aligned to 10 minutes
  int line = 0;      // 1-based line in the input, for messages
  v1::Record record;
};

// Parses every non-empty line. Keeps 10-minute records only (interval
// "10min", or no interval and duration_s 600); 150-cycle and 2-hour records
// are skipped. Output sorted by start. Every line, kept or not, passes
// records::ValidateRecord, and a complete 10-minute record must carry the
// three phases. Errors name `source_name`, the line and the field
// ("recs.jsonl:7: phases[1].rms_v: ..."): malformed JSON, a bad start, a
// start not aligned to its grid (IEC 61000-4-30 4.6), a reading that is not
// finite or negative, a phase twice, or two records for the same interval.
absl::StatusOr<std::vector<TimedRecord>> ParseRecordsJsonl(std::istream& in,
                                                           std::string_view source_name);
absl::StatusOr<std::vector<TimedRecord>> ReadRecordsJsonl(const std::string& path);

}  // namespace pqa::prodist

#endif  // PQA_HOST_PRODIST_RECORDS_JSONL_H_
