#include "sim/frontend/frame_source.h"

#include <cmath>
#include <numbers>

#include "absl/strings/str_format.h"

namespace pqa::sim {

TestSignalFrames::TestSignalFrames(const std::vector<frontend::TestSignal>& channels,
                                   frontend::AdcScale scale, double sample_rate_hz, uint32_t seed)
    : scale_(scale) {
  for (size_t c = 0; c < channels.size(); ++c) {
    samplers_.emplace_back(channels[c], sample_rate_hz, seed + static_cast<uint32_t>(c));
  }
}

bool TestSignalFrames::Next(std::vector<int32_t>& codes) {
  codes.resize(samplers_.size());
  for (size_t c = 0; c < samplers_.size(); ++c) {
    codes[c] = frontend::VoltsToCode(scale_, samplers_[c].Next());
  }
  return true;
}

RandomFrames::RandomFrames(int channels, int sample_width, uint32_t seed)
    : sample_width_(sample_width), rng_(seed), segments_(static_cast<size_t>(channels)) {}

void RandomFrames::NewSegment(Segment& s) {
  std::uniform_int_distribution<int> kind(0, 9);
  const int k = kind(rng_);
  s.kind = k < 6 ? 0 : k - 6;  // mostly sines
  s.remaining = std::uniform_int_distribution<int>(20, 2000)(rng_);
  s.amplitude = std::uniform_real_distribution<double>(0.0, 1.0)(rng_);
  s.period = std::uniform_real_distribution<double>(40.0, 700.0)(rng_);
  s.phase = std::uniform_real_distribution<double>(0.0, 2 * std::numbers::pi)(rng_);
  s.noise = std::uniform_real_distribution<double>(0.0, 0.05)(rng_);
}

bool RandomFrames::Next(std::vector<int32_t>& codes) {
  const double full = std::ldexp(1.0, sample_width_ - 1);
  std::normal_distribution<double> gauss(0.0, 1.0);
  codes.resize(segments_.size());
  for (size_t c = 0; c < segments_.size(); ++c) {
    Segment& s = segments_[c];
    if (s.remaining-- <= 0) NewSegment(s);
    double x = 0;
    switch (s.kind) {
      case 0:
        x = s.amplitude * std::sin(2 * std::numbers::pi * n_ / s.period + s.phase) +
            s.noise * gauss(rng_);
        break;
      case 1:
        x = s.amplitude * gauss(rng_);
        break;
      case 2:
        x = 0;
        break;
      default:  // the extreme codes, both signs
        x = std::fmod(n_ / s.period, 1.0) < 0.5 ? 2.0 : -2.0;
    }
    codes[c] = static_cast<int32_t>(std::clamp(std::nearbyint(x * full), -full, full - 1));
  }
  ++n_;
  return true;
}

SampleSourceFrames::SampleSourceFrames(io::SampleSource& source,
                                       std::vector<frontend::AdcScale> scales)
    : source_(source), scales_(std::move(scales)) {}

bool SampleSourceFrames::Next(std::vector<int32_t>& codes) {
  if (!status_.ok()) return false;
  if (frame_ >= block_.frames) {
    absl::StatusOr<bool> more = source_.Next(block_, 4096);
    if (!more.ok()) {
      status_ = more.status();
      return false;
    }
    if (!*more) return false;
    frame_ = 0;
    if (block_.channels != scales_.size()) {
      status_ = absl::InvalidArgumentError(
          absl::StrFormat("%s: %d channels, the testbench scales %d", source_.info().source_name,
                          block_.channels, scales_.size()));
      return false;
    }
  }
  codes.resize(scales_.size());
  for (size_t c = 0; c < scales_.size(); ++c) {
    codes[c] = frontend::VoltsToCode(scales_[c], block_.value(frame_, c));
  }
  ++frame_;
  return true;
}

}  // namespace pqa::sim
