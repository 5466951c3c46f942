// A recording at a rate merging units do not send (a relay's 1,200 or
// 7,680 samples/s, say) resampled to a 9-2LE rate for `pqa sv-publish`:
// output samples sit on the grid of the stream (n / rate after each UTC
// second, where a synchronised merging unit samples), each interpolated with
// the engine's band-limited Kaiser-windowed sinc (host/measure/sinc_resampler.h)
// designed for the pair of rates: components up to 40 % of the lower rate
// pass within the design ripple (90 dB), and what would alias is rejected.
//
//   SampleSource (any rate, with gaps) -> contiguous runs -> sinc at the
//   output instants -> SampleBlocks at `rate_hz`
//
// Nothing is made up at a gap: the kernel needs `half_width` input samples
// either side of an output instant, so output stops that far before a gap
// and resumes that far after it (a gap grows by that margin on each side,
// milliseconds), and likewise at the start and the end of the recording.
#ifndef PQA_HOST_SV_RATE_CONVERTER_H_
#define PQA_HOST_SV_RATE_CONVERTER_H_

#include <memory>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "host/io/sample_source.h"
#include "host/measure/sinc_resampler.h"

namespace pqa::sv {

class ResampledSource : public io::SampleSource {
 public:
  // `rate_hz`: a whole number of samples per second.
  ResampledSource(io::SampleSource& inner, double rate_hz);
  const io::StreamInfo& info() const override { return inner_.info(); }
  absl::StatusOr<bool> Next(io::SampleBlock& block, std::size_t max_frames) override;
  absl::Status SetRequiredChannels(const std::vector<std::size_t>& channels) override {
    return inner_.SetRequiredChannels(channels);
  }

 private:
  // Starts a run with `b` (a new rate designs a new kernel).
  absl::Status StartRun(io::SampleBlock& b);
  void Append(const io::SampleBlock& b);
  // Outputs the current run can give now, at most `max`.
  std::size_t Available(std::size_t max) const;
  double Position(std::int64_t k) const;  // input position of output k of the run

  io::SampleSource& inner_;
  double rate_;
  std::optional<measure::SincResampler> resampler_;
  double resampler_rate_ = 0;            // input rate the kernel was designed for
  std::vector<std::vector<double>> in_;  // the run's input, per channel, from in_first_
  std::int64_t in_first_ = 0;            // run index of in_[c][0]
  TimeNs run_start_ = 0;                 // time of run index 0
  double in_rate_ = 0;
  TimeNs first_out_ = 0;         // time of the run's output 0 (on the grid)
  std::int64_t next_k_ = 0;      // next output of the run
  std::int64_t run_frames_ = 0;  // inputs in the run so far
  bool have_run_ = false;
  bool inner_done_ = false;
  io::SampleBlock pending_;  // an inner block that starts the next run
  bool have_pending_ = false;
};

}  // namespace pqa::sv

#endif  // PQA_HOST_SV_RATE_CONVERTER_H_
