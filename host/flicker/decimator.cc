#include "host/flicker/decimator.h"

#include <cmath>
#include <numbers>

namespace pqa::flicker {
namespace {

// |sinc^4| at nu = f / fo: (sin(pi nu) / (D sin(pi nu / D)))^4, 1 at DC.
double Sinc4Gain(double nu, int factor) {
  if (nu == 0) return 1;
  const double g =
      std::sin(std::numbers::pi * nu) / (factor * std::sin(std::numbers::pi * nu / factor));
  return g * g * g * g;
}

// C(nu) = c0 + 2 c1 cos(2 pi nu) + 2 c2 cos(4 pi nu) with C(nu) Sinc4Gain(nu)
// = 1 at DC and 1 / gain[i] at nu[i]. Cramer's rule on the 3 x 3 system.
std::array<double, 3> CompensatorFor(int factor, const Decimator::Equalisation& e) {
  const double nu[3] = {0, e.nu[0], e.nu[1]};
  const double gain[3] = {1, e.gain[0], e.gain[1]};
  double a[3][3], b[3];
  for (int r = 0; r < 3; ++r) {
    a[r][0] = 1;
    a[r][1] = 2 * std::cos(2 * std::numbers::pi * nu[r]);
    a[r][2] = 2 * std::cos(4 * std::numbers::pi * nu[r]);
    b[r] = 1 / (Sinc4Gain(nu[r], factor) * gain[r]);
  }
  auto det = [](const double m[3][3]) {
    return m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1]) -
           m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0]) +
           m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
  };
  const double d = det(a);
  std::array<double, 3> c{};
  for (int k = 0; k < 3; ++k) {
    double m[3][3];
    for (int r = 0; r < 3; ++r) {
      for (int col = 0; col < 3; ++col) m[r][col] = col == k ? b[r] : a[r][col];
    }
    c[static_cast<std::size_t>(k)] = det(m) / d;
  }
  // DC exactly 1 (the input adaptor needs the true mean): put the rounding
  // of the solve into the centre tap.
  c[0] = 1 - 2 * c[1] - 2 * c[2];
  return c;
}

}  // namespace

Decimator::Equalisation Decimator::Flat() {
  // At 0.68 and 0.96 of the flat band the error is near equiripple: 1.8e-5
  // at fo = 400 Hz for a band of 42 Hz.
  return {{0.68 * kFlatBandFraction, 0.96 * kFlatBandFraction}, {1, 1}};
}

Decimator::Decimator(int factor) : Decimator(factor, Flat()) {}

Decimator::Decimator(int factor, const Equalisation& equalisation)
    : factor_(factor < 1 ? 1 : factor) {
  const int d = factor_;
  // sinc^4: four moving sums of D in cascade, in integers (exact: at most
  // D^3 per tap), then divided by D^4 for unity gain at DC.
  std::vector<double> h(1, 1.0);
  for (int stage = 0; stage < 4; ++stage) {
    std::vector<double> next(h.size() + static_cast<std::size_t>(d) - 1, 0.0);
    for (std::size_t k = 0; k < h.size(); ++k) {
      for (int j = 0; j < d; ++j) next[k + static_cast<std::size_t>(j)] += h[k];
    }
    h = std::move(next);
  }
  const double d4 = static_cast<double>(d) * d * d * d;
  for (double& t : h) t /= d4;
  h.resize(static_cast<std::size_t>(kInputTapsPerPhase * d), 0.0);  // 4D - 3 taps, zero-padded
  compensator_ = CompensatorFor(d, equalisation);

  // One-stage equivalent: h convolved with the compensator spread D apart.
  const double spread[kCompensatorTaps] = {compensator_[2], compensator_[1], compensator_[0],
                                           compensator_[1], compensator_[2]};
  taps_.assign(static_cast<std::size_t>(kTapsPerPhase * d), 0.0);
  for (int l = 0; l < kCompensatorTaps; ++l) {
    for (std::size_t k = 0; k < h.size(); ++k) {
      taps_[k + static_cast<std::size_t>(l * d)] += spread[l] * h[k];
    }
  }
  input_taps_.resize(h.size());
  phase_taps_.resize(taps_.size());
  for (int p = 0; p < d; ++p) {
    for (int j = 0; j < kInputTapsPerPhase; ++j) {
      input_taps_[static_cast<std::size_t>(p * kInputTapsPerPhase + j)] =
          h[static_cast<std::size_t>(j * d + d - 1 - p)];
    }
    for (int j = 0; j < kTapsPerPhase; ++j) {
      phase_taps_[static_cast<std::size_t>(p * kTapsPerPhase + j)] =
          taps_[static_cast<std::size_t>(j * d + d - 1 - p)];
    }
  }
}

void Decimator::Clear() {
  phase_ = 0;
  acc_.fill(0);
  history_.fill(0);
}

std::complex<double> Decimator::Response(double f_hz, double input_rate_hz) const {
  std::complex<double> h = 0;
  for (size_t k = 0; k < taps_.size(); ++k) {
    h += taps_[k] * std::polar(1.0, -2 * std::numbers::pi * f_hz * k / input_rate_hz);
  }
  return h;
}

}  // namespace pqa::flicker
