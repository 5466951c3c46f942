// Streaming reader of IEEE C37.111 COMTRADE recordings (1991, 1999, 2013):
// .cfg + .dat in ASCII, BINARY (int16), BINARY32 (int32) or FLOAT32, and the
// 2013 single-file .cff. Only one record is held at a time.
//
// Time of sample k (0-based): the cfg first-sample time (converted to UTC with
// the 2013 time_code) plus the first record's timestamp, plus k / samp within
// the rate segments (nrates lines). Timestamps of later records are checked
// against the rate (a step more than half a sample period away from the
// expected one, or running backwards, is an error); zero or missing
// timestamps after the first are not checked. With nrates = 0 or samp = 0 the
// timestamps drive time: a first pass over the timestamps derives the rate
// from the first and last ones, and every timestamp must lie within half a
// period of that uniform grid.
//
// Analog values are a * x + b, converted to V or A (kV -> V), and to primary
// values unless `secondary_values` (PS field with primary/secondary ratio).
// Missing-value markers (0x8000, 0x80000000, empty ASCII field, 99999 in
// 1991/1999 ASCII, NaN in FLOAT32) never become numbers (see SampleSource).
// Digital channels are parsed for layout and ignored.
#ifndef PQA_HOST_IO_COMTRADE_READER_H_
#define PQA_HOST_IO_COMTRADE_READER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "host/io/comtrade_config.h"
#include "host/io/frame_source.h"

namespace pqa::io {

struct ComtradeReadOptions {
  bool secondary_values = false;  // deliver secondary (instrument transformer output) values
};

class DatDecoder;
struct RawRecord;

class ComtradeReader : public FrameSource {
 public:
  ~ComtradeReader() override;
  const StreamInfo& info() const override { return info_; }
  const ComtradeConfig& config() const { return config_; }

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
  bool have_anchor_ = false;
  TimeNs anchor_ = 0;  // instant of sample 0
  std::int64_t first_ts_ = 0;
  std::int64_t prev_ts_ = -1;  // last present timestamp and its sample index
  std::int64_t prev_ts_index_ = 0;
  double prev_ts_rel_ = 0;  // RelativeTimeNs(prev_ts_index_)
  std::int64_t prev_number_ = 0;
  std::vector<double> clean_a_, clean_b_;  // ReadCleanRun: each channel's a and b
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_COMTRADE_READER_H_
