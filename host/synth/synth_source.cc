#include "host/synth/synth_source.h"

#include <cmath>

namespace pqa::synth {

SynthSource::SynthSource(WaveformSpec spec) : generator_(std::move(spec)) {
  const WaveformSpec& s = generator_.spec();
  info_.source_name = "synthetic waveform";
  info_.nominal_frequency_hz = s.frequency_hz;
  info_.start = s.start;
  info_.duration_s = s.duration_s;
  for (const ChannelLabel& label : s.Labels()) {
    info_.channels.push_back(
        {label.id, label.phase, label.current ? io::Quantity::kCurrent : io::Quantity::kVoltage,
         label.current ? "A" : "V", static_cast<int>(info_.channels.size()) + 1});
  }
}

absl::StatusOr<bool> SynthSource::Next(io::SampleBlock& block, std::size_t max_frames) {
  const WaveformSpec& s = generator_.spec();
  const std::size_t first = generator_.frames_done();
  block.channels = s.channels();
  block.sample_rate_hz = s.sample_rate_hz;
  block.samples.resize(max_frames * block.channels);
  const std::size_t n = generator_.Generate(block.samples.data(), max_frames);
  if (n == 0) return false;
  block.frames = n;
  block.samples.resize(n * block.channels);
  // Exact instant of frame `first`: integer nanoseconds, no accumulated rounding.
  block.start = s.start + static_cast<TimeNs>(
                              std::llround(static_cast<double>(first) * 1e9 / s.sample_rate_hz));
  return true;
}

}  // namespace pqa::synth
