#include "host/flicker/biquad.h"

#include <cmath>
#include <numbers>
#include <utility>

namespace pqa::flicker {

BiquadCoefficients Bilinear(const AnalogBiquad& a, double c) {
  const double c2 = c * c;
  // Substituting s = c (1 - z^-1)/(1 + z^-1) and multiplying by (1 + z^-1)^2.
  const double d0 = a.d2 * c2 + a.d1 * c + a.d0;
  BiquadCoefficients z;
  z.b0 = (a.n2 * c2 + a.n1 * c + a.n0) / d0;
  z.b1 = 2 * (a.n0 - a.n2 * c2) / d0;
  z.b2 = (a.n2 * c2 - a.n1 * c + a.n0) / d0;
  z.a1 = 2 * (a.d0 - a.d2 * c2) / d0;
  z.a2 = (a.d2 * c2 - a.d1 * c + a.d0) / d0;
  return z;
}

double PrewarpedBilinearConstant(double match_hz, double sample_rate_hz) {
  const double w = 2 * std::numbers::pi * match_hz;
  return w / std::tan(w / (2 * sample_rate_hz));
}

std::vector<BiquadCoefficients> ButterworthLowPass(int order, double cutoff_hz,
                                                   double sample_rate_hz) {
  const double wc = 2 * std::numbers::pi * cutoff_hz;
  const double c = PrewarpedBilinearConstant(cutoff_hz, sample_rate_hz);
  std::vector<BiquadCoefficients> sections;
  for (int k = 0; k < order / 2; ++k) {
    // Pole pair k of the analog prototype: s^2 + 2 sin(theta_k) wc s + wc^2.
    const double theta = std::numbers::pi * (2 * k + 1) / (2.0 * order);
    sections.push_back(Bilinear({0, 0, wc * wc, 1, 2 * std::sin(theta) * wc, wc * wc}, c));
  }
  return sections;
}

std::vector<BiquadCoefficients> MatchedButterworthLowPass(int order, double cutoff_hz,
                                                          double sample_rate_hz) {
  const double wc = 2 * std::numbers::pi * cutoff_hz;
  const double t = 1 / sample_rate_hz;
  std::vector<BiquadCoefficients> sections;
  for (int k = 0; k < order / 2; ++k) {
    // Pole pair k: wc (-sin(theta_k) +- j cos(theta_k)) -> r e^(+- j phi).
    const double theta = std::numbers::pi * (2 * k + 1) / (2.0 * order);
    const double r = std::exp(-wc * std::sin(theta) * t);
    const double a1 = -2 * r * std::cos(wc * std::cos(theta) * t);
    const double a2 = r * r;
    // (1 + z^-1) g / (1 + a1 z^-1 + a2 z^-2), g for unity gain at DC.
    const double g = (1 + a1 + a2) / 2;
    sections.push_back({g, g, 0, a1, a2});
  }
  return sections;
}

std::complex<double> Response(const BiquadCoefficients& c, double f_hz, double sample_rate_hz) {
  const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f_hz / sample_rate_hz);
  return (c.b0 + z1 * (c.b1 + z1 * c.b2)) / (1.0 + z1 * (c.a1 + z1 * c.a2));
}

std::complex<double> Response(const std::vector<BiquadCoefficients>& cascade, double f_hz,
                              double sample_rate_hz) {
  std::complex<double> h = 1;
  for (const BiquadCoefficients& c : cascade) h *= Response(c, f_hz, sample_rate_hz);
  return h;
}

std::complex<double> Response(const AnalogBiquad& a, double f_hz) {
  const std::complex<double> s(0, 2 * std::numbers::pi * f_hz);
  return (a.n0 + s * (a.n1 + s * a.n2)) / (a.d0 + s * (a.d1 + s * a.d2));
}

BiquadCascade::BiquadCascade(const std::vector<BiquadCoefficients>& sections) {
  for (const BiquadCoefficients& c : sections) sections_.push_back({c});
}

void BiquadCascade::Clear() {
  for (Section& s : sections_) s.z1 = s.z2 = 0;
}

std::vector<BiquadCoefficients> BiquadCascade::coefficients() const {
  std::vector<BiquadCoefficients> out;
  for (const Section& s : sections_) out.push_back(s.c);
  return out;
}

}  // namespace pqa::flicker
