// One time base for a recording with several rate segments: frequency-
// tracking recorders write one COMTRADE rate segment per cycle (dozens to
// thousands of nrates lines), relays change rate after the trigger. The
// engine, the flickermeter and the event detector need contiguous samples
// at one rate, so this source resamples every segment onto a uniform grid
// at the highest rate of the recording; no signal is dropped.
//
//   inner blocks (one per segment, each at its own rate) -> sample times and
//   values -> 4-point Lagrange (cubic) interpolation on the actual sample
//   times -> blocks at one rate
//
// Cubic interpolation is exact for cubics; on a sinusoid sampled at n
// samples per cycle its amplitude error is about (2 pi / n)^4 / 30 (2e-6 at
// 64 samples per cycle, 8e-4 at 16), below class A's 0.1 % from 16 samples
// per cycle. A gap in the inner source (a dropped frame, a block that does
// not follow the previous one) ends the grid: the next output block starts
// after the gap, as the SampleSource contract says.
#ifndef PQA_HOST_IO_UNIFORM_RATE_SOURCE_H_
#define PQA_HOST_IO_UNIFORM_RATE_SOURCE_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "host/io/sample_source.h"

namespace pqa::io {

class UniformRateSource : public SampleSource {
 public:
  // `rate_hz` (> 0): the output rate, normally the highest segment rate;
  // `content_rate_hz`: the lowest segment rate, given to every block as
  // SampleBlock::content_rate_hz when it is below `rate_hz`.
  UniformRateSource(std::unique_ptr<SampleSource> inner, double rate_hz, double content_rate_hz);

  const StreamInfo& info() const override { return inner_->info(); }
  absl::StatusOr<bool> Next(SampleBlock& block, std::size_t max_frames) override;
  absl::Status SetRequiredChannels(const std::vector<std::size_t>& channels) override {
    return inner_->SetRequiredChannels(channels);
  }

 private:
  // Appends the next inner block to the history, or starts a new run after
  // a gap (`gap_pending_`); false at the end of the inner source.
  absl::StatusOr<bool> ReadInner();
  // Output frame `k` of the run from the history; false when the history
  // does not reach far enough yet.
  bool Interpolate(std::int64_t k, double* out);
  void StartRun(const SampleBlock& b);
  void Append(const SampleBlock& b);

  std::unique_ptr<SampleSource> inner_;
  double rate_hz_;
  double content_rate_hz_;
  double period_ns_;
  std::size_t channels_ = 0;
  // The run: samples since the last gap, times relative to origin_ (ns).
  TimeNs origin_ = 0;
  std::vector<double> times_;
  std::vector<double> values_;  // frame-major
  std::size_t cursor_ = 0;      // history index at or before the next output time
  std::int64_t next_out_ = 0;   // next output frame of the run
  TimeNs expected_next_ = 0;    // where a contiguous inner block starts
  double inner_period_ns_ = 0;  // of the latest inner block
  bool started_ = false;
  bool inner_done_ = false;
  bool run_closed_ = false;  // no more samples will join this run
  SampleBlock inner_block_;  // the latest inner block, reused
  SampleBlock pending_;      // inner block that starts the next run
  bool have_pending_ = false;
};

}  // namespace pqa::io

#endif  // PQA_HOST_IO_UNIFORM_RATE_SOURCE_H_
