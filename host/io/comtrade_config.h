// The configuration (.cfg, or CFG section of a .cff) of an IEEE C37.111
// COMTRADE recording, revisions 1991, 1999 and 2013.
#ifndef PQA_HOST_IO_COMTRADE_CONFIG_H_
#define PQA_HOST_IO_COMTRADE_CONFIG_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"

namespace pqa::io {

// C37.111 data file types ("ft"): BINARY32 and FLOAT32 exist from 2013.
enum class ComtradeFormat { kAscii, kBinary, kBinary32, kFloat32 };

struct ComtradeAnalogChannel {
  int number = 0;     // An: the recorder's own channel number (unique, > 0, not always 1..n)
  std::string id;     // ch_id, bytes as recorded (any encoding)
  std::string phase;  // ph as recorded
  std::string ccbm;   // circuit component being monitored
  std::string unit;   // uu as recorded ("kV", "A")
  double a = 1;       // value = a * x + b, in `unit`
  double b = 0;
  double skew_us = 0;    // sampling skew, microseconds (not compensated)
  double primary = 1;    // primary side ratio factor (1999+), > 0 when used
  double secondary = 1;  // secondary side ratio factor (1999+)
  char ps = 'P';         // 'P': a*x+b is a primary value; 'S': secondary
};

struct ComtradeRate {
  double samp_hz = 0;        // sample rate, Hz; 0 = timestamps drive time
  std::int64_t endsamp = 0;  // number of the last sample at this rate (1-based, cumulative)
};

struct ComtradeConfig {
  std::string station_name;
  std::string device_id;
  int revision = 1999;   // layout read: 1991, 1999 (also for 2001) or 2013
  std::string rev_year;  // rev_year as written ("" for the 1991 form without it)
  std::vector<ComtradeAnalogChannel> analog;
  int digital_count = 0;
  double line_frequency_hz = 0;        // lf
  std::vector<ComtradeRate> rates;     // at least one entry
  bool timestamps_drive_time = false;  // nrates = 0 or samp = 0
  TimeNs first_sample = 0;             // cfg date/time of the first sample, UTC (time_code removed)
  TimeNs trigger = 0;                  // trigger date/time, UTC
  ComtradeFormat format = ComtradeFormat::kAscii;
  double timemult = 1;              // timestamp multiplication factor, > 0
  TimeNs timestamp_unit_ns = 1000;  // 1000 (microseconds) or 1 when the cfg times carry ns
  int time_code_minutes = 0;        // 2013: offset of the cfg/timestamps from UTC, minutes
  int local_code_minutes = 0;       // 2013: offset of the local time from UTC (information)
  int tmq_code = -1;                // 2013: time quality 0..15 (IEEE C37.118), -1 absent
  int leapsec = 0;                  // 2013: 0 none, 1 added, 2 subtracted, 3 unknown

  // What the parser accepted although the standard is stricter (a
  // non-standard rev_year), one line each, for the user to see.
  std::vector<std::string> warnings;

  std::int64_t total_samples() const { return rates.back().endsamp; }
  // Size of one binary record, bytes: sample number, timestamp, analog values,
  // digital words of 16 channels.
  std::size_t binary_record_bytes() const;
};

// Parses the lines of a configuration. Trailing padding (Ctrl-Z, NUL,
// blanks: DOS-era and SEL tools) after the last line is end of file.
// rev_year: 1991, 1999 and 2013 as the standard says; 2001 (IEC 60255-24:2001,
// the 1999 layout) is read as 1999; any other or empty year is read by its
// layout (13-field analog lines: 1999, 10-field: 1991) with one warning.
// Channel numbers An and Dn are the recorder's: any unique positive
// integers (digital channels often continue after the analogs, disabled
// channels leave holes); only a duplicate is refused. `first_line` is the line number of
// lines[0] in `source` (a .cff puts the CFG after a header line).
absl::StatusOr<ComtradeConfig> ParseComtradeConfig(const std::vector<std::string>& lines,
                                                   const std::string& source,
                                                   std::int64_t first_line = 1);

// The ft keyword and its inverse.
const char* ComtradeFormatName(ComtradeFormat format);

}  // namespace pqa::io

#endif  // PQA_HOST_IO_COMTRADE_CONFIG_H_
