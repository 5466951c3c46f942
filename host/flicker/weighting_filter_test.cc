#include "host/flicker/weighting_filter.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"

namespace pqa::flicker {
namespace {

// The 300 ms first-order mean passes the 2 fm ripple of the squared signal;
// the peak of Pinst is mean x (1 + |M(2 fm)|).
double RippleFactor(double fm) {
  const double wt = 2 * std::numbers::pi * 2 * fm * 0.3;
  return 1 + 1 / std::sqrt(1 + wt * wt);
}

struct Row {
  double f_hz;
  double dvv_230;
  double dvv_120;
};

// IEC 61000-4-15 Table 1 rows well below the demodulation low-pass and
// above the 0.05 Hz high-pass, where Pinst,max = 1 depends on the weighting
// filter alone: |F(f)| dVV(f) sqrt(ripple(f)) is the same for every row.
TEST(WeightingFilter, ShapeAgreesWithTable1) {
  const std::vector<Row> rows = {{1, 1.397, 1.465},  {2, 0.879, 0.942},  {4, 0.497, 0.570},
                                 {6, 0.325, 0.393},  {8, 0.256, 0.323},  {10, 0.261, 0.341},
                                 {12, 0.314, 0.417}, {15, 0.438, 0.592}, {18, 0.590, 0.811}};
  for (Lamp lamp : {Lamp::k230V, Lamp::k120V}) {
    const double ref = ConstantsFor(lamp).ref_dvv;
    const double at_ref = AnalogWeightingGain(lamp, 8.8) * ref * std::sqrt(RippleFactor(8.8));
    for (const Row& r : rows) {
      const double dvv = lamp == Lamp::k230V ? r.dvv_230 : r.dvv_120;
      const double at_f = AnalogWeightingGain(lamp, r.f_hz) * dvv * std::sqrt(RippleFactor(r.f_hz));
      // Table entries carry 3 digits; Pinst tolerance 8 % is 4 % in amplitude.
      EXPECT_NEAR(at_f / at_ref, 1.0, 0.02) << r.f_hz << " Hz";
    }
  }
}

TEST(WeightingFilter, DigitalFollowsTheAnalogFilterAtTheInternalRates) {
  for (Lamp lamp : {Lamp::k230V, Lamp::k120V}) {
    for (double fs : {1200.0, 1600.0, 2400.0}) {
      const std::vector<BiquadCoefficients> digital = DigitalWeighting(lamp, fs);
      EXPECT_NEAR(std::abs(Response(digital, 8.8, fs)), AnalogWeightingGain(lamp, 8.8), 1e-9);
      for (double f : {0.5, 2.0, 15.0, 25.0, 40.0}) {
        const double analog = AnalogWeightingGain(lamp, f);
        EXPECT_NEAR(std::abs(Response(digital, f, fs)) / analog, 1.0, 0.01)
            << f << " Hz at " << fs << " Hz";
      }
    }
  }
}

}  // namespace
}  // namespace pqa::flicker
