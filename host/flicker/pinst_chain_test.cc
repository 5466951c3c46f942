// PinstChain's linear part (decimator, compensator, Butterworth, high-pass,
// weighting at fo ~ 400 Hz) against the standard's analog blocks: the same
// gain, relative to the 8.8 Hz scaling point, across the flicker band.
#include "host/flicker/pinst_chain.h"

#include <cmath>
#include <numbers>

#include "gtest/gtest.h"
#include "host/flicker/weighting_filter.h"

namespace pqa::flicker {
namespace {

// IEC 61000-4-15 block 3 in analog form: 0.05 Hz first-order high-pass,
// sixth-order Butterworth at 35/42 Hz, lamp-eye weighting.
double AnalogGain(const FlickerConfig& config, double f) {
  const double fc = DemodulationCutoffHz(config.supply_hz);
  const double high_pass = f / std::hypot(f, 0.05);
  return high_pass * AnalogWeightingGain(ResolveLamp(config), f) /
         std::sqrt(1 + std::pow(f / fc, 12));
}

TEST(PinstChain, LinearPartFollowsTheAnalogBlocksAcrossTheFlickerBand) {
  for (const double rate : {2000.0, 3200.0, 10417.3, 15360.0, 25600.0}) {
    for (const double supply : {50.0, 60.0}) {
      FlickerConfig config;
      config.sample_rate_hz = rate;
      config.supply_hz = supply;
      const PinstChain chain(config);
      EXPECT_NEAR(chain.internal_rate_hz(), 400, 45) << rate;
      const double ref = chain.LinearGain(8.8) / AnalogGain(config, 8.8);
      // 0.05 % of gain (0.1 % of Pinst, 1/50 of class F1's 5 %) up to the
      // top of the standard's tables (33.3 Hz at 50 Hz, 40 Hz at 60 Hz).
      const double top = supply == 50 ? 33.5 : 40;
      for (double f = 0.5; f <= top; f += 0.5) {
        EXPECT_NEAR(chain.LinearGain(f) / AnalogGain(config, f) / ref, 1.0, 5e-4)
            << f << " Hz, fs " << rate << ", supply " << supply;
      }
    }
  }
}

}  // namespace
}  // namespace pqa::flicker
