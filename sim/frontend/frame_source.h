// Stimulus for the front-end testbenches: a source of frames of ADC codes
// (one per channel, voltages first). Pluggable, so that synthetic signals,
// randomised codes and recorded waveforms (any pqa::io::SampleSource, e.g.
// the COMTRADE reader) drive the same harness.
#ifndef PQA_SIM_FRONTEND_FRAME_SOURCE_H_
#define PQA_SIM_FRONTEND_FRAME_SOURCE_H_

#include <cstdint>
#include <random>
#include <vector>

#include "absl/status/status.h"
#include "host/frontend/fixed_point.h"
#include "host/frontend/test_signal.h"
#include "host/io/sample_source.h"

namespace pqa::sim {

class FrameSource {
 public:
  virtual ~FrameSource() = default;
  // Fills `codes` with the next frame; false when the source is exhausted.
  virtual bool Next(std::vector<int32_t>& codes) = 0;
};

// One analytic test signal per channel, sampled at `sample_rate_hz` and
// quantised with `scale`.
class TestSignalFrames : public FrameSource {
 public:
  TestSignalFrames(const std::vector<frontend::TestSignal>& channels, frontend::AdcScale scale,
                   double sample_rate_hz, uint32_t seed);
  bool Next(std::vector<int32_t>& codes) override;

 private:
  std::vector<frontend::TestSignalSampler> samplers_;
  frontend::AdcScale scale_;
};

// Randomised codes meant to reach every branch of the datapath: segments of
// random length, each a sine of random amplitude, frequency and offset with
// noise, pure full-scale noise (spurious crossings), or silence (forced
// half-cycle boundaries), including the most negative code.
class RandomFrames : public FrameSource {
 public:
  RandomFrames(int channels, int sample_width, uint32_t seed);
  bool Next(std::vector<int32_t>& codes) override;

 private:
  struct Segment {
    int kind = 0;       // 0 sine, 1 noise, 2 silence, 3 full-scale square wave
    int remaining = 0;  // frames
    double amplitude = 0, period = 256, phase = 0, noise = 0;
  };
  void NewSegment(Segment& s);

  int sample_width_;
  std::mt19937 rng_;
  std::vector<Segment> segments_;
  uint64_t n_ = 0;
};

// A recorded waveform: every channel of `source`, in volts or amperes,
// quantised with the scale of its channel. `status()` tells a read error
// from the end of the recording.
class SampleSourceFrames : public FrameSource {
 public:
  SampleSourceFrames(io::SampleSource& source, std::vector<frontend::AdcScale> scales);
  bool Next(std::vector<int32_t>& codes) override;
  const absl::Status& status() const { return status_; }

 private:
  io::SampleSource& source_;
  std::vector<frontend::AdcScale> scales_;
  io::SampleBlock block_;
  size_t frame_ = 0;
  absl::Status status_;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_FRONTEND_FRAME_SOURCE_H_
