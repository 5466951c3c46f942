// Streaming reader of IEEE C37.111 COMTRADE recordings (1991, 1999, 2013):
// .cfg + .dat in ASCII, BINARY (int16), BINARY32 (int32) or FLOAT32, and the
// 2013 single-file .cff. Only one record is held at a time.
//
// Time (C37.111-1999 and -2013, checked against python-comtrade): the .cfg
// "first data value" date/time (converted to UTC with the 2013 time_code)
// is the instant of sample 1.
// - nrates >= 1 and samp > 0: sample k (0-based) is at k / samp after it,
//   across the rate segments (nrates lines). The .dat timestamps are then
//   non-critical: they may wrap (16-bit counters, microsecond or nanosecond
//   counters past 2^32), reset, be zero or absent, and the first need not
//   be 0. They are only compared with the rate, modulo the wrap; when most
//   steps disagree by more than 1 %, info().warnings says so once with both
//   rates (a mislabelled samp).
// - nrates = 0 or samp = 0: the timestamps are the time base; elapsed time
//   from the cfg start is timestamp * timemult (a first timestamp of 72500
//   puts sample 1 72.5 ms after the cfg time). A backwards step of about a
//   counter's range (2^16, 2^32) is unwrapped; any other is disorder, an
//   error naming the record. A first pass derives the rate from the first
//   and last timestamps, and every timestamp must lie within half a period
//   of that uniform grid.
// Trailing padding (Ctrl-Z, NUL, blanks) after the last record or line is
// end of file; a partial record after it is still an error naming it.
//
// Analog values are a * x + b, converted to V or A (kV -> V), and to primary
// values unless `secondary_values` (PS field with primary/secondary ratio).
// Missing-value markers (0x8000, 0x80000000, empty ASCII field, 99999 in
// 1991/1999 ASCII, NaN in FLOAT32) never become numbers (see SampleSource).
// Digital channels are parsed for layout and ignored.
#ifndef PQA_HOST_IO_COMTRADE_READER_H_
#define PQA_HOST_IO_COMTRADE_READER_H_

#include <cmath>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "host/io/binary_samples.h"
#include "host/io/comtrade_config.h"
#include "host/io/frame_source.h"

namespace pqa::io {

struct ComtradeReadOptions {
  bool secondary_values = false;  // deliver secondary (instrument transformer output) values
};

class DatDecoder;
struct RawRecord;

// nrates = 0: timestamps are the time base. A backwards step of about a
// counter's range (2^16, 2^32) is the counter wrapping and is unwrapped;
// any other step that does not increase is disorder, an error.
class TimestampUnwrapper {
 public:
  // `raw` as read; `where` names the record for the error.
  absl::StatusOr<std::int64_t> Unwrap(std::int64_t raw, const std::string& where);

 private:
  std::int64_t offset_ = 0;
  std::int64_t last_ = 0;  // unwrapped
  std::int64_t step_ = 0;  // latest unwrapped step
  std::int64_t count_ = 0;
};

// nrates >= 1: compares the timestamps with the declared rate, modulo the
// counter's wrap, and says when they disagree persistently (more than half
// of the steps off by more than 1 %: a mislabelled rate).
class TimestampAudit {
 public:
  // Timestamp `ts` of sample `index`, which the rate puts at `rel_ns` after
  // sample 0; `tick_ns` is one timestamp unit.
  // Runs for every frame: the agreeing step is decided inline, the rest
  // (a wrap, a reset, a step off the rate) out of line.
  void Observe(std::int64_t ts, std::int64_t index, double rel_ns, double tick_ns) {
    if (prev_ts_ >= 0) {
      const double expected = rel_ns - prev_rel_;
      const double tolerance = 0.01 * expected + tick_ns;
      const std::int64_t d = ts - prev_ts_;
      if (StepAgrees(d, expected, tolerance, tick_ns)) {
        ++compared_;
      } else {
        ObserveOffStep(d, index, expected, tolerance, tick_ns);
      }
    }
    prev_ts_ = ts;
    prev_index_ = index;
    prev_rel_ = rel_ns;
  }
  // Observe() for the timestamps ts[0..count) of samples `index`.. of a
  // rate segment that starts with sample `first` at `start_ns`, `period_ns`
  // between samples (the rate's times, as ComtradeReader computes them). A
  // sample is observed when timestamped (not 0xFFFFFFFF, and not 0 after
  // sample 0). The same decisions as sample by sample.
  void ObserveTimestamps(const std::uint32_t* ts, std::size_t count, std::int64_t index,
                         std::int64_t first, double start_ns, double period_ns, double tick_ns);
  // The warning, with both figures, or nothing.
  std::optional<std::string> Verdict(double declared_hz) const;

 private:
  static bool StepAgrees(std::int64_t d, double expected, double tolerance, double tick_ns) {
    return std::fabs(static_cast<double>(d) * tick_ns - expected) <= tolerance;
  }
  // A step `d` ticks that is not the expected one: a counter wrap agrees,
  // a backward step is a reset, a forward one is counted off.
  void ObserveOffStep(std::int64_t d, std::int64_t index, double expected, double tolerance,
                      double tick_ns);

  std::int64_t prev_ts_ = -1;
  std::int64_t prev_index_ = 0;
  double prev_rel_ = 0;
  std::int64_t compared_ = 0, off_ = 0, off_samples_ = 0;
  double off_measured_ns_ = 0;
};

class ComtradeReader : public FrameSource {
 public:
  ~ComtradeReader() override;
  const StreamInfo& info() const override { return info_; }
  const ComtradeConfig& config() const { return config_; }
  // One more line for info().warnings (what a wrapper did with the recording).
  void AddWarning(std::string line) { info_.warnings.push_back(std::move(line)); }

  // `path` names the .cfg, the .dat (the .cfg beside it is used) or a .cff.
  static absl::StatusOr<std::unique_ptr<ComtradeReader>> Open(
      const std::string& path, const ComtradeReadOptions& options = {});

 protected:
  absl::StatusOr<bool> ReadFrame(DecodedFrame& frame) override;
  absl::StatusOr<std::size_t> ReadRun(double* out, std::size_t max_frames) override;

 private:
  ComtradeReader() = default;
  absl::Status DeriveRateFromTimestamps();
  // Checks the record that follows the last one (sample number, timestamp)
  // and writes its scaled values; returns its time after sample 0, ns.
  absl::StatusOr<double> AcceptRecord(const RawRecord& r, double* values);
  // ReadRun's fast path: up to `limit` frames that need no message, in one
  // loop; stops before the first that does. Sample: int16_t, int32_t, float.
  template <typename Sample>
  absl::StatusOr<std::size_t> ReadCleanRun(double* out, std::size_t limit);
  // ReadCleanRun's raw values of one Sample type.
  template <typename Sample>
  std::vector<Sample>& RawValues();
  // Time of sample `index` relative to the first sample, ns.
  double RelativeTimeNs(std::int64_t index) const;

  ComtradeConfig config_;
  StreamInfo info_;
  std::vector<double> factor_;  // per channel: unit and primary/secondary conversion
  std::unique_ptr<DatDecoder> dat_;
  std::unique_ptr<RawRecord> raw_;  // the record being decoded, reused frame after frame
  std::string data_path_;  // where the records are: file, byte offset, byte count (-1: to EOF)
  std::int64_t data_offset_ = 0;
  std::int64_t data_bytes_ = -1;
  std::int64_t data_first_line_ = 1;
  std::int64_t index_ = 0;  // next sample, 0-based
  std::size_t segment_ = 0;
  std::vector<long double> segment_start_ns_;  // relative time of each segment's first sample
  std::vector<double> ns_per_sample_;          // per segment, 1e9 / samp
  std::vector<double> segment_start_ns_d_;     // segment_start_ns_ as double (hot path)
  double ts_rate_hz_ = 0;  // rate derived from timestamps (timestamps_drive_time)
  TimeNs anchor_ = 0;  // instant of sample 0
  std::int64_t first_ts_ = 0;
  TimestampUnwrapper unwrap_;  // nrates = 0
  TimestampAudit audit_;       // nrates >= 1
  bool audited_ = false;
  std::int64_t prev_number_ = 0;
  ChannelScaling scaling_;  // ReadCleanRun: each channel's a, b and factor_
  // ReadCleanRun: the analog values of the records in hand, contiguous.
  std::vector<std::int16_t> raw_int16_;
  std::vector<std::int32_t> raw_int32_;
  std::vector<float> raw_float32_;
  std::vector<std::uint32_t> numbers_, timestamps_;  // ReadCleanRun: the records' headers
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_COMTRADE_READER_H_
