#include "host/flicker/weighting_filter.h"

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
  const double c = PrewarpedBilinearConstant(8.8, sample_rate_hz);
  std::vector<BiquadCoefficients> out;
  for (const AnalogBiquad& a : AnalogWeighting(lamp)) out.push_back(Bilinear(a, c));
  return out;
}

double AnalogWeightingGain(Lamp lamp, double f_hz) {
  std::complex<double> h = 1;
  for (const AnalogBiquad& a : AnalogWeighting(lamp)) h *= Response(a, f_hz);
  return std::abs(h);
}

}  // namespace pqa::flicker
