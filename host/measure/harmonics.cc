#include "host/measure/harmonics.h"

#include <cmath>

namespace pqa::measure {
namespace {

// Squared RMS of the sinusoid that DFT bin k (0 < k < points/2) represents:
// a sine of peak A gives |X[k]| = A points / 2, RMS A / sqrt 2.
double BinRmsSquared(std::complex<double> x, double points) {
  return 2.0 * std::norm(x) / (points * points);
}

}  // namespace

void HarmonicSubgroups(const std::complex<double>* spectrum, std::size_t points, int cycles,
                       SubgroupMagnitudes& out, int max_order) {
  const double m = static_cast<double>(points);
  out[0] = std::abs(spectrum[0]) / m;
  for (int h = max_order + 1; h <= kMaxHarmonicOrder; ++h) out[static_cast<std::size_t>(h)] = 0;
  for (int h = 1; h <= max_order; ++h) {
    const std::size_t centre = static_cast<std::size_t>(cycles) * static_cast<std::size_t>(h);
    const double sum = BinRmsSquared(spectrum[centre - 1], m) + BinRmsSquared(spectrum[centre], m) +
                       BinRmsSquared(spectrum[centre + 1], m);
    out[static_cast<std::size_t>(h)] = std::sqrt(sum);
  }
}

std::complex<double> FundamentalPhasor(const std::complex<double>* spectrum, std::size_t points,
                                       int cycles) {
  // X[k] = A points / 2 * exp(j phi) for A cos(w t + phi): the RMS phasor is
  // X[k] sqrt(2) / points.
  return spectrum[cycles] * (std::sqrt(2.0) / static_cast<double>(points));
}

DistortionIndices ComputeDistortion(const SubgroupMagnitudes& v, int hmax) {
  DistortionIndices d;
  const double v1 = v[1];
  if (!(v1 > 0)) return d;
  double total = 0, even = 0, odd = 0, triplen = 0;
  for (int h = 2; h <= kMaxHarmonicOrder; ++h) {
    const double vh = v[static_cast<std::size_t>(h)];
    d.dit_pct[static_cast<std::size_t>(h - 2)] = 100.0 * vh / v1;
    if (h > hmax) continue;
    const double sq = vh * vh;
    total += sq;
    if (h % 3 == 0) {
      triplen += sq;
    } else if (h % 2 == 0) {
      even += sq;
    } else {
      odd += sq;
    }
  }
  d.dtt_pct = 100.0 * std::sqrt(total) / v1;
  d.dttp_pct = 100.0 * std::sqrt(even) / v1;
  d.dtti_pct = 100.0 * std::sqrt(odd) / v1;
  d.dtt3_pct = 100.0 * std::sqrt(triplen) / v1;
  return d;
}

}  // namespace pqa::measure
