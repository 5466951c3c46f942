// Streaming writer of IEEE C37.111 COMTRADE recordings, for `pqa synth`,
// tests and benchmarks: records go to disk as they are appended; Close()
// writes the configuration, which only then knows endsamp. Both are written
// under temporary names (".part") and renamed by a successful Close(); a
// writer destroyed before that, or after an error, removes them: no partial
// recording is ever left behind.
//
// Scaling of the integer formats (ASCII, BINARY, BINARY32): every channel
// declares its full scale F (peak |value| it may reach, in its unit), and the
// writer uses a = F / max_code, b = 0, with max_code 32767 (BINARY),
// 2147483647 (BINARY32) or 99998 (ASCII, whose 1999 range is -99999..99998
// with 99999 reserved). This keeps the writer single-pass and the scale
// known before the first sample, keeps 0 exact, and uses the whole code range
// for a signal that reaches F. A value beyond F is an error, never clipped.
// The quantisation step is a = F / max_code; round trips agree within a / 2.
// FLOAT32 stores values as float (a = 1, b = 0) and needs no full scale.
#ifndef PQA_HOST_IO_COMTRADE_WRITER_H_
#define PQA_HOST_IO_COMTRADE_WRITER_H_

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/io/comtrade_config.h"

namespace pqa::io {

struct ComtradeChannelSpec {
  std::string id;          // ch_id ("VA")
  std::string phase;       // ph ("A"), may be empty
  std::string unit = "V";  // uu; appended values are in this unit
  double primary = 1;      // primary ratio factor, > 0 (1999, 2013)
  double secondary = 1;    // secondary ratio factor, > 0
  char ps = 'P';           // 'P': values are primary values, 'S': secondary
  double full_scale = 0;   // peak |value| in `unit`, > 0 for integer formats
};

struct ComtradeWriterOptions {
  int revision = 2013;                              // 1991, 1999 or 2013
  ComtradeFormat format = ComtradeFormat::kBinary;  // BINARY32, FLOAT32 need 2013
  bool single_file = false;                         // 2013 .cff (path must end in .cff)
  std::string station_name = "pqa";
  std::string device_id = "pqa";
  std::vector<ComtradeChannelSpec> channels;  // analog channels; no digital channels
  double sample_rate_hz = 0;                  // first rate segment, Hz, > 0
  TimeNs start = 0;                           // instant of the first sample (whole microseconds)
  double nominal_frequency_hz = 60;           // lf, Hz
  double timemult = 1;                        // timestamp unit = timemult microseconds, > 0
  bool write_timestamps = true;               // false: all timestamps 0 (time from the rate)
  int time_code_minutes = 0;                  // 2013: cfg times written at this offset from UTC
};

class ComtradeWriter {
 public:
  // `path`: the .cfg (the .dat goes beside it) or, with single_file, the .cff.
  static absl::StatusOr<std::unique_ptr<ComtradeWriter>> Create(
      const std::string& path, const ComtradeWriterOptions& options);
  ~ComtradeWriter();

  // Appends `n` frames, frame-major (values[frame * channels + channel]), in
  // each channel's unit. NaN writes a missing-value marker; infinities and
  // values beyond full scale are errors.
  absl::Status Append(const double* values, std::size_t n);
  // Starts a new rate segment (an nrates line) at the next sample.
  absl::Status ChangeRate(double sample_rate_hz);
  // Writes the configuration (and assembles the .cff). Required.
  absl::Status Close();

  std::int64_t samples_written() const { return samples_; }

 private:
  ComtradeWriter() = default;
  std::string ConfigText() const;
  absl::Status WriteRecord(const double* frame);

  ComtradeWriterOptions options_;
  std::string path_;        // .cfg or .cff
  std::string dat_path_;    // .dat, or the temporary data part of a .cff
  std::string dat_part_;    // where the data is written until Close() renames it
  std::string head_part_;   // the .cfg or .cff under its temporary name
  bool committed_ = false;  // Close() renamed everything into place
  std::FILE* dat_ = nullptr;
  std::vector<double> a_;  // per channel scale
  double max_code_ = 0;
  std::vector<ComtradeRate> rates_;
  long double segment_start_ns_ = 0;  // relative time of the current segment's first sample
  std::int64_t segment_first_ = 0;
  std::int64_t samples_ = 0;
  std::int64_t bytes_ = 0;
  std::string line_;
  std::vector<unsigned char> record_;
  bool closed_ = false;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_COMTRADE_WRITER_H_
