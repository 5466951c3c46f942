#include "host/frontend/test_signal.h"

#include <cmath>
#include <numbers>

namespace pqa::frontend {

double TestSignal::PuAt(double t) const {
  double pu = 1.0;
  for (const AmplitudeStep& s : steps) {
    if (t >= s.start_s && t < s.end_s) pu = s.pu;
  }
  return pu;
}

double TestSignal::Clean(double t) const {
  const double w = 2 * std::numbers::pi * frequency_hz;
  double v = std::sin(w * t + phase);
  for (const Harmonic& h : harmonics) v += h.pu * std::sin(h.order * (w * t + phase) + h.phase);
  return PuAt(t) * std::numbers::sqrt2 * rms_volts * v;
}

TestSignalSampler::TestSignalSampler(const TestSignal& signal, double sample_rate_hz, uint32_t seed)
    : signal_(signal), sample_rate_hz_(sample_rate_hz), rng_(seed), noise_(0.0, 1.0) {}

double TestSignalSampler::Next() {
  const double t = static_cast<double>(n_++) / sample_rate_hz_;
  double v = signal_.Clean(t);
  if (signal_.noise_rms_volts > 0) v += signal_.noise_rms_volts * noise_(rng_);
  return v;
}

}  // namespace pqa::frontend
