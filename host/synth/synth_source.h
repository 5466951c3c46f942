// A synthetic waveform served as a SampleSource: replays, benchmarks and
// week-long tests can run straight from the analytic model without writing
// gigabytes of COMTRADE first.
#ifndef PQA_HOST_SYNTH_SYNTH_SOURCE_H_
#define PQA_HOST_SYNTH_SYNTH_SOURCE_H_

#include "host/io/sample_source.h"
#include "host/synth/waveform.h"

namespace pqa::synth {

class SynthSource : public io::SampleSource {
 public:
  explicit SynthSource(WaveformSpec spec);
  const io::StreamInfo& info() const override { return info_; }
  absl::StatusOr<bool> Next(io::SampleBlock& block, std::size_t max_frames) override;

 private:
  WaveformGenerator generator_;
  io::StreamInfo info_;
};

}  // namespace pqa::synth

#endif  // PQA_HOST_SYNTH_SYNTH_SOURCE_H_
