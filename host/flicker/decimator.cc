#include "host/flicker/decimator.h"

#include <cmath>
#include <numbers>

namespace pqa::flicker {

Decimator::Decimator(int factor) : factor_(factor < 1 ? 1 : factor) {
  const int n = kTapsPerPhase * factor_;
  const double cutoff = 0.5 / factor_;  // cycles per input sample
  const double centre = (n - 1) / 2.0;
  taps_.resize(n);
  double sum = 0;
  for (int k = 0; k < n; ++k) {
    const double x = 2 * cutoff * (k - centre);
    const double sinc = x == 0 ? 1.0 : std::sin(std::numbers::pi * x) / (std::numbers::pi * x);
    const double a = 2 * std::numbers::pi * k / (n - 1);
    const double blackman = 0.42 - 0.5 * std::cos(a) + 0.08 * std::cos(2 * a);
    taps_[k] = sinc * blackman;
    sum += taps_[k];
  }
  for (double& t : taps_) t /= sum;  // unity gain at DC: the input adaptor needs the true mean
  phase_taps_.resize(n);
  for (int p = 0; p < factor_; ++p) {
    for (int j = 0; j < kTapsPerPhase; ++j) {
      phase_taps_[p * kTapsPerPhase + j] = taps_[j * factor_ + factor_ - 1 - p];
    }
  }
}

void Decimator::Clear() {
  phase_ = 0;
  acc_.fill(0);
}

std::complex<double> Decimator::Response(double f_hz, double input_rate_hz) const {
  std::complex<double> h = 0;
  for (size_t k = 0; k < taps_.size(); ++k) {
    h += taps_[k] * std::polar(1.0, -2 * std::numbers::pi * f_hz * k / input_rate_hz);
  }
  return h;
}

}  // namespace pqa::flicker
