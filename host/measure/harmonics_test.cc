#include "host/measure/harmonics.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

// Direct DFT (no FFT library): the independent reference for the bin layout.
std::vector<std::complex<double>> Dft(const std::vector<double>& x) {
  const std::size_t m = x.size();
  std::vector<std::complex<double>> out(m / 2 + 1);
  for (std::size_t k = 0; k < out.size(); ++k) {
    std::complex<double> acc = 0;
    for (std::size_t n = 0; n < m; ++n) {
      acc += x[n] * std::polar(1.0, -2 * std::numbers::pi * static_cast<double>(k * n) /
                                        static_cast<double>(m));
    }
    out[k] = acc;
  }
  return out;
}

// A window of `points` samples spanning `cycles` cycles, with one cosine of
// RMS `rms[i]` at each (fractional) bin `bins[i]`.
std::vector<double> Tones(std::size_t points, const std::vector<double>& bins,
                          const std::vector<double>& rms, double phase_rad = 0) {
  std::vector<double> x(points);
  for (std::size_t n = 0; n < points; ++n) {
    for (std::size_t i = 0; i < bins.size(); ++i) {
      x[n] += std::sqrt(2.0) * rms[i] *
              std::cos(2 * std::numbers::pi * bins[i] * static_cast<double>(n) /
                           static_cast<double>(points) +
                       phase_rad);
    }
  }
  return x;
}

TEST(HarmonicSubgroups, GatherTheCentreBinAndBothNeighbours) {
  // IEC 61000-4-7 5.6: with N = 12, order 5 is bin 60 and its subgroup takes
  // bins 59, 60, 61 but not 58 or 62.
  constexpr std::size_t kPoints = 2048;
  const auto x = Tones(kPoints, {12, 59, 60, 61, 62, 120}, {100, 3, 4, 12, 7, 2});
  const auto spectrum = Dft(x);
  SubgroupMagnitudes sg{};
  HarmonicSubgroups(spectrum.data(), kPoints, 12, sg);
  EXPECT_NEAR(sg[1], 100, 1e-9);
  EXPECT_NEAR(sg[5], 13, 1e-9);  // sqrt(3^2 + 4^2 + 12^2)
  EXPECT_NEAR(sg[10], 2, 1e-9);
  EXPECT_NEAR(sg[4], 0, 1e-9);  // bin 48..49 empty; bin 62 is not in order 5 nor 6
  EXPECT_NEAR(sg[6], 0, 1e-9);
}

TEST(HarmonicSubgroups, FiftyHertzWindowsUseTenCycles) {
  constexpr std::size_t kPoints = 2048;
  const auto x = Tones(kPoints, {10, 30, 500}, {230, 11.5, 0.23});
  const auto spectrum = Dft(x);
  SubgroupMagnitudes sg{};
  HarmonicSubgroups(spectrum.data(), kPoints, 10, sg);
  EXPECT_NEAR(sg[1], 230, 1e-9);
  EXPECT_NEAR(sg[3], 11.5, 1e-9);
  EXPECT_NEAR(sg[50], 0.23, 1e-9);
}

TEST(FundamentalPhasor, IsTheRmsPhasorOfACosineAtTheWindowStart) {
  constexpr std::size_t kPoints = 2048;
  const double phase = -2 * std::numbers::pi / 3;  // phase B
  const auto x = Tones(kPoints, {12}, {127}, phase);
  const auto spectrum = Dft(x);
  const std::complex<double> v = FundamentalPhasor(spectrum.data(), kPoints, 12);
  EXPECT_NEAR(std::abs(v), 127, 1e-9);
  EXPECT_NEAR(std::arg(v), phase, 1e-12);
}

TEST(ComputeDistortion, SplitsOrdersByParityAndMultiplesOfThree) {
  // Hand derivation: V1 = 100 V; orders 2 (3 V), 3 (4 V), 5 (12 V), 41 (50 V).
  SubgroupMagnitudes v{};
  v[1] = 100;
  v[2] = 3;
  v[3] = 4;
  v[5] = 12;
  v[41] = 50;  // above hmax = 40: appears in DIT_41 only
  const DistortionIndices d = ComputeDistortion(v);
  EXPECT_NEAR(d.dtt_pct, 13, 1e-12);  // sqrt(9 + 16 + 144)
  EXPECT_NEAR(d.dttp_pct, 3, 1e-12);
  EXPECT_NEAR(d.dtti_pct, 12, 1e-12);
  EXPECT_NEAR(d.dtt3_pct, 4, 1e-12);
  EXPECT_NEAR(d.dit_pct[0], 3, 1e-12);    // order 2
  EXPECT_NEAR(d.dit_pct[39], 50, 1e-12);  // order 41
  EXPECT_NEAR(d.dit_pct[48], 0, 1e-12);   // order 50
}

TEST(ComputeDistortion, ClassifiesEveryOrderUpToForty) {
  // With 1 V at every order 2..40 and V1 = 100 V: 13 even non-triplen orders
  // (2, 4, 8, 10, 14, 16, 20, 22, 26, 28, 32, 34, 38, 40 -> 14), 13 odd
  // non-triplen (5, 7, 11, 13, 17, 19, 23, 25, 29, 31, 35, 37 -> 12), 13 triplen.
  SubgroupMagnitudes v{};
  v[1] = 100;
  for (int h = 2; h <= kMaxHarmonicOrder; ++h) v[static_cast<std::size_t>(h)] = 1;
  const DistortionIndices d = ComputeDistortion(v);
  EXPECT_NEAR(d.dtt_pct, std::sqrt(39.0), 1e-12);
  EXPECT_NEAR(d.dttp_pct, std::sqrt(14.0), 1e-12);
  EXPECT_NEAR(d.dtti_pct, std::sqrt(12.0), 1e-12);
  EXPECT_NEAR(d.dtt3_pct, std::sqrt(13.0), 1e-12);
}

TEST(ComputeDistortion, NoVoltageGivesZeroNotInfinity) {
  SubgroupMagnitudes v{};
  v[3] = 1;
  const DistortionIndices d = ComputeDistortion(v);
  EXPECT_EQ(d.dtt_pct, 0);
  EXPECT_EQ(d.dit_pct[1], 0);
}

}  // namespace
}  // namespace pqa::measure
