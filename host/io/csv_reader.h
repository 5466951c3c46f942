// Streaming reader of recordings in pqa's CSV format.
//
// Format (UTF-8 or ASCII text, one row per sample instant, LF or CRLF):
//
//   # start=2025-03-03T00:00:00Z      optional: RFC 3339 instant of the first row
//                                     (time_s = 0); default 1970-01-01T00:00:00Z
//   # sample_rate_hz=12800            optional: declared sample rate, Hz, > 0
//   # nominal_frequency_hz=60         optional: line frequency, Hz (50 or 60)
//   # any other comment text without '='
//   time_s,VA[V],VB[V],VC[V],IA[A],IB[A],IC[A]
//   0.000000000,325.0,-162.5,-162.5,10.0,-5.0,-5.0
//   ...
//
// - Metadata lines come before the header row and start with '#'; a
//   `key=value` with an unknown key is an error (catches typos).
// - Header row: comma-separated column names. An optional first column
//   `time_s` holds seconds from `start`. Every other column is one channel,
//   named `<id>[<unit>]`: unit V, kV, mV, A, kA, mA... Without a unit suffix,
//   ids starting with V or U are volts and ids starting with I are amperes.
//   The phase comes from the end of the id: A/B/C, R/S/T, 1/2/3, L1/L2/L3.
//   Values are delivered in V or A (kV columns are multiplied by 1000).
// - Time: without `time_s`, `sample_rate_hz` is required and row k is at
//   start + k / rate. With `time_s` and a declared rate, each row's time
//   must be within half a sample period of the previous row's plus one period
//   (otherwise "jumps"; decreasing time "runs backwards"). With `time_s` and
//   no declared rate, the rate comes from the first and last rows and every
//   row must lie within half a period of that uniform grid.
// - Spreadsheet exports: a UTF-8 byte order mark is skipped; quoted fields
//   ("VA[V]") are unquoted; a header with more ';' than ',' makes ';' the
//   separator and ',' the decimal mark ("0,001;179,6;..."), as spreadsheets
//   set to Portuguese (Brazil) and most European locales write.
// - An empty value field is a missing value: the row is dropped and the next
//   block starts after the gap (see SampleSource). NaN, inf, unreadable
//   numbers and rows with the wrong number of fields are errors naming the
//   line. Blank lines are ignored.
#ifndef PQA_HOST_IO_CSV_READER_H_
#define PQA_HOST_IO_CSV_READER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "host/io/frame_source.h"
#include "host/io/text_fields.h"

namespace pqa::io {

class CsvReader : public FrameSource {
 public:
  static absl::StatusOr<std::unique_ptr<CsvReader>> Open(const std::string& path);
  const StreamInfo& info() const override { return info_; }

 protected:
  absl::StatusOr<bool> ReadFrame(DecodedFrame& frame) override;

 private:
  CsvReader() = default;
  // One line split at the separator, quotes removed.
  std::vector<std::string_view> Split(std::string_view line) const;
  // A number, with a decimal comma when the separator is ';'.
  absl::StatusOr<double> Number(std::string_view field, const FieldPlace& place) const;
  // Next non-blank data row split into fields; false at the end.
  absl::StatusOr<bool> NextRow(LineReader& in, std::vector<std::string_view>& fields);

  StreamInfo info_;
  std::vector<double> factor_;  // per channel, to V or A
  bool has_time_ = false;       // first column is time_s
  char separator_ = ',';        // ';' in spreadsheet exports with a decimal comma
  bool decimal_comma_ = false;
  bool rate_declared_ = false;
  double rate_hz_ = 0;       // declared or derived, Hz
  TimeNs meta_start_ = 0;    // `start` metadata
  double first_time_s_ = 0;  // time_s of the first row
  double prev_time_s_ = 0;
  LineReader in_;
  std::string line_;
  std::int64_t index_ = 0;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_CSV_READER_H_
