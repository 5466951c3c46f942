#include "host/flicker/decimator.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::flicker {
namespace {

// Largest deviation of the decimated output, for a unit sine at f, from
// |H(f)| sin(w t + arg H(f)) at the instant of the completing input sample.
double DeviationFromResponse(int factor, double fs, double f_hz) {
  Decimator d(factor);
  const std::complex<double> h = d.Response(f_hz, fs);
  const double w = 2 * std::numbers::pi * f_hz / fs;
  double worst = 0;
  int outputs = 0;
  for (int i = 0; i < static_cast<int>(fs); ++i) {
    double y;
    if (!d.Push(std::sin(w * i), &y)) continue;
    if (++outputs <= Decimator::kTapsPerPhase) continue;  // filling
    worst = std::max(worst, std::abs(y - std::imag(h * std::polar(1.0, w * i))));
  }
  return worst;
}

class DecimatorRates : public ::testing::TestWithParam<double> {};

TEST_P(DecimatorRates, PassesTheFlickerBandAndRejectsWhatWouldFoldOntoIt) {
  const double fs = GetParam();
  const int factor = static_cast<int>(std::lround(fs / 400));  // PinstChain's fo ~ 400 Hz
  const double fo = fs / factor;
  Decimator d(factor);
  for (double f : {0.5, 8.8, 25.0, 42.0, fo - 42, fo + 42, 2 * fo - 42}) {
    if (f >= fs / 2) continue;
    EXPECT_LT(DeviationFromResponse(factor, fs, f), 1e-9) << f << " Hz";
  }
  // The flicker band: a droop of 2e-4 would be 0.04 % of Pinst.
  for (double f : {0.5, 8.8, 25.0, 42.0}) {
    EXPECT_NEAR(std::abs(d.Response(f, fs)), 1.0, 2e-4) << f << " Hz";
  }
  // Everything within 42 Hz of a multiple of fo folds into 0..42 Hz: >= 64 dB down.
  for (double f : {fo - 42, fo + 42, 2 * fo - 42, 2 * fo + 42}) {
    if (f >= fs / 2) continue;
    EXPECT_LT(std::abs(d.Response(f, fs)), 6.3e-4) << f << " Hz, fo = " << fo;
  }
}

INSTANTIATE_TEST_SUITE_P(Rates, DecimatorRates,
                         ::testing::Values(2000.0, 2199.0, 2201.0, 3200.0, 10417.3, 15360.0,
                                           25600.0));

// Accelerators run the filter in one stage (phase_taps()); the golden
// model as sinc^4 then the compensator at fo. Both are the same filter.
TEST(Decimator, OneStageEquivalentGivesTheSameOutputs) {
  for (const int factor : {1, 5, 38}) {
    Decimator d(factor);
    const std::vector<double>& g = d.phase_taps();
    std::vector<double> acc(Decimator::kTapsPerPhase, 0.0);
    int phase = 0;
    double worst = 0;
    for (int i = 0; i < 200 * factor; ++i) {
      const double x = 1 + std::sin(0.37 * i) + 0.5 * std::cos(0.011 * i);
      for (int j = 0; j < Decimator::kTapsPerPhase; ++j)
        acc[j] += g[phase * Decimator::kTapsPerPhase + j] * x;
      double y;
      const bool out = d.Push(x, &y);
      if (++phase < factor) {
        EXPECT_FALSE(out);
        continue;
      }
      phase = 0;
      ASSERT_TRUE(out);
      worst = std::max(worst, std::abs(acc[0] - y));
      acc.erase(acc.begin());
      acc.push_back(0);
    }
    EXPECT_LT(worst, 1e-12) << "D = " << factor;
  }
}

TEST(Decimator, KeepsTheMeanExactly) {
  Decimator d(7);
  double y = 0;
  for (int i = 0; i < 7 * 20; ++i) d.Push(2.5, &y);
  EXPECT_NEAR(y, 2.5, 1e-12);
  EXPECT_NEAR(std::abs(d.Response(0, 7000)), 1.0, 1e-12);
}

TEST(Decimator, EmitsEveryFactorSamples) {
  Decimator d(10);
  int outputs = 0;
  double y;
  for (int i = 0; i < 1000; ++i) outputs += d.Push(1, &y);
  EXPECT_EQ(outputs, 100);
}

}  // namespace
}  // namespace pqa::flicker
