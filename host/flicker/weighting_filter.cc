#include "host/flicker/weighting_filter.h"

#include <cmath>
#include <complex>

namespace pqa::flicker {

std::vector<AnalogBiquad> AnalogWeighting(Lamp lamp) {
  const LampConstants c = ConstantsFor(lamp);
  const AnalogBiquad resonance{0, c.k * c.w1, 0, 1, 2 * c.lambda, c.w1 * c.w1};
  // (1 + s/w2) / ((1 + s/w3)(1 + s/w4)) = (s/w2 + 1) / (s^2/(w3 w4) + s (1/w3 + 1/w4) + 1)
  const AnalogBiquad lead_lag{0, 1 / c.w2, 1, 1 / (c.w3 * c.w4), 1 / c.w3 + 1 / c.w4, 1};
  return {resonance, lead_lag};
}

std::vector<BiquadCoefficients> DigitalWeighting(Lamp lamp, double sample_rate_hz) {
  const LampConstants c = ConstantsFor(lamp);
  const double t = 1 / sample_rate_hz;
  // Resonance: its zero at DC, its poles -lambda +- j wd mapped to e^(p t).
  const double wd = std::sqrt(c.w1 * c.w1 - c.lambda * c.lambda);
  BiquadCoefficients resonance{1, -1, 0, -2 * std::exp(-c.lambda * t) * std::cos(wd * t),
                               std::exp(-2 * c.lambda * t)};
  // Lead-lag: zero at -w2 and poles at -w3, -w4 mapped, plus a zero at
  // z = -1 (the analog filter falls as 1/f above w4; this keeps the digital
  // one from flattening towards fs/2): (1 - q2 z^-1)(1 + z^-1) over
  // (1 - q3 z^-1)(1 - q4 z^-1).
  const double q2 = std::exp(-c.w2 * t), q3 = std::exp(-c.w3 * t), q4 = std::exp(-c.w4 * t);
  BiquadCoefficients lead_lag{1, 1 - q2, -q2, -(q3 + q4), q3 * q4};
  std::vector<BiquadCoefficients> out = {resonance, lead_lag};
  // Gain: the analog filter's at 8.8 Hz exactly, the block 4 scaling point.
  const double g = AnalogWeightingGain(lamp, 8.8) / std::abs(Response(out, 8.8, sample_rate_hz));
  out[0].b0 *= g;
  out[0].b1 *= g;
  out[0].b2 *= g;
  return out;
}

double AnalogWeightingGain(Lamp lamp, double f_hz) {
  std::complex<double> h = 1;
  for (const AnalogBiquad& a : AnalogWeighting(lamp)) h *= Response(a, f_hz);
  return std::abs(h);
}

}  // namespace pqa::flicker
