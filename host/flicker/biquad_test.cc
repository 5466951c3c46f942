#include "host/flicker/biquad.h"

#include <cmath>
#include <numbers>

#include "gtest/gtest.h"

namespace pqa::flicker {
namespace {

// Amplitude of the steady-state response of `filter` to a unit sine at f.
double MeasuredGain(BiquadCascade filter, double f_hz, double rate_hz) {
  const int settle = static_cast<int>(2 * rate_hz);  // 2 s
  const int period_samples = static_cast<int>(10 * rate_hz / f_hz);
  double peak = 0;
  for (int i = 0; i < settle + period_samples; ++i) {
    const double y = filter.Step(std::sin(2 * std::numbers::pi * f_hz * i / rate_hz));
    if (i >= settle) peak = std::max(peak, std::abs(y));
  }
  return peak;
}

TEST(ButterworthLowPass, MatchesTheBilinearButterworthMagnitude) {
  // The bilinear transform of an N-th order Butterworth prewarped at fc has
  // |H|^2 = 1 / (1 + (tan(pi f/fs) / tan(pi fc/fs))^(2N)) exactly.
  for (double fs : {1200.0, 1600.0, 2400.0}) {
    for (double fc : {35.0, 42.0}) {
      const auto sections = ButterworthLowPass(6, fc, fs);
      ASSERT_EQ(sections.size(), 3u);
      for (double f : {0.0, 5.0, 20.0, fc, 60.0, 100.0, 120.0, 300.0}) {
        const double ratio =
            std::tan(std::numbers::pi * f / fs) / std::tan(std::numbers::pi * fc / fs);
        const double expected = 1 / std::sqrt(1 + std::pow(ratio, 12));
        EXPECT_NEAR(std::abs(Response(sections, f, fs)), expected, 1e-9 + 1e-9 * expected)
            << "fs=" << fs << " fc=" << fc << " f=" << f;
      }
    }
  }
}

TEST(BiquadCascade, StepReproducesTheDesignedResponse) {
  const double fs = 1600;
  BiquadCascade filter(ButterworthLowPass(6, 42, fs));
  for (double f : {8.8, 30.0, 42.0, 50.0}) {
    const double expected = std::abs(Response(filter.coefficients(), f, fs));
    EXPECT_NEAR(MeasuredGain(filter, f, fs), expected, 2e-3) << f << " Hz";
  }
}

TEST(Bilinear, PrewarpingMatchesTheAnalogResponseAtTheChosenFrequency) {
  // A resonance at 9 Hz, Q = 1: K w s / (s^2 + w/Q s + w^2).
  const double w = 2 * std::numbers::pi * 9;
  const AnalogBiquad analog{0, w, 0, 1, w, w * w};
  const double fs = 1500;
  const BiquadCoefficients digital = Bilinear(analog, PrewarpedBilinearConstant(8.8, fs));
  const std::complex<double> a = Response(analog, 8.8);
  const std::complex<double> d = Response(digital, 8.8, fs);
  EXPECT_NEAR(std::abs(d - a), 0, 1e-12);
  // Away from it, the warping tan(x) ~ x (1 + x^2/3) stays small at this rate.
  EXPECT_NEAR(std::abs(Response(digital, 30, fs)), std::abs(Response(analog, 30)), 0.01);
}

}  // namespace
}  // namespace pqa::flicker
