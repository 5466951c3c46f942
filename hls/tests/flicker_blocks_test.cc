// Testbenches of the flicker building blocks, each against its golden
// double-precision counterpart in host/flicker on IEC 61000-4-15 signals.
// Tolerances: 1 % of Pinst (the acceptance for Pst, 1/8 of the class
// F1 +-8 % on Pinst,max); the linear filters far tighter, since float32
// rounding is all that separates them.
#include <cmath>
#include <cstdint>
#include <vector>

#include "gtest/gtest.h"
#include "hls/blocks/biquad_cascade.h"
#include "hls/blocks/fir_decimator.h"
#include "hls/blocks/flicker_chain.h"
#include "hls_stream.h"
#include "host/flicker/biquad.h"
#include "host/flicker/decimator.h"
#include "host/flicker/flicker_config.h"
#include "host/flicker/pinst_chain.h"
#include "host/flicker/test_signal.h"
#include "host/flicker/weighting_filter.h"

namespace pqa::kernels {
namespace {

using flicker_cfg = flicker_chain_default_config;

std::vector<double> Signal(double rate, double seconds, double dvv) {
  flicker::ModulatedSine s{169.7, 60, flicker::Modulation::kSinusoidal, 8.8, dvv, 0};
  std::vector<double> x;
  s.Fill(0, rate, static_cast<std::size_t>(rate * seconds), x);
  return x;
}

biquad_coefficients<float> ToKernel(const flicker::BiquadCoefficients& c) {
  return {static_cast<float>(c.b0), static_cast<float>(c.b1), static_cast<float>(c.b2),
          static_cast<float>(c.a1), static_cast<float>(c.a2)};
}

TEST(SquareAndDecimate, MatchesTheGoldenDecimatorOnTheSquaredVoltage) {
  constexpr int kD = 10;  // 15,360 Hz -> 1,536 Hz
  flicker::Decimator golden(kD);
  std::vector<float> taps(golden.phase_taps().begin(), golden.phase_taps().end());
  const std::vector<double> x = Signal(15360, 2, 1);
  hls::stream<float> in("in"), out("out");
  for (double v : x) in.write(static_cast<float>(v));
  decimator_state<decimator_default_config> state = {};
  square_and_decimate<decimator_default_config>(in, static_cast<int>(x.size()), kD, taps.data(),
                                                state, out);
  ASSERT_EQ(out.size(), x.size() / kD);
  for (double v : x) {
    double g;
    if (!golden.Push(v * v, &g)) continue;
    // u^2 peaks at 2.9e4 V^2: float32 keeps 1e-6 of it over 80 products.
    EXPECT_NEAR(out.read(), g, 1e-6 * 169.7 * 169.7);
  }
}

TEST(BiquadCascade, TheLampFilterMatchesTheGoldenCascade) {
  const std::vector<flicker::BiquadCoefficients> c =
      flicker::DigitalWeighting(flicker::Lamp::k120V, 1536);
  flicker::BiquadCascade golden(c);
  biquad_coefficients<float> k[2] = {ToKernel(c[0]), ToKernel(c[1])};
  float z[2][2] = {};
  double worst = 0;
  for (int n = 0; n < 15360; ++n) {
    const double x = std::sin(2 * 3.141592653589793 * 8.8 * n / 1536) + (n == 0 ? 1 : 0);
    const double g = golden.Step(x);
    worst = std::max(worst, std::abs(biquad_cascade_step<2>(k, z, static_cast<float>(x)) - g));
  }
  // Unit-amplitude input, gain about 1 at 8.8 Hz: 1e-4 is 0.01 % of the output.
  EXPECT_LT(worst, 1e-4);
}

TEST(FlickerChain, PinstFollowsTheGoldenChainOnTheReferenceModulation) {
  flicker::FlickerConfig config;
  config.sample_rate_hz = 15360;
  config.supply_hz = 60;
  config.lamp = flicker::Lamp::k120V;
  flicker::PinstChain golden(config);
  flicker_chain_coefficients<flicker_cfg> c;
  const auto bw = golden.demodulation_coefficients();
  const auto wt = golden.weighting_coefficients();
  for (int s = 0; s < 3; ++s) c.butterworth[s] = ToKernel(bw[static_cast<std::size_t>(s)]);
  for (int s = 0; s < 2; ++s) c.weighting[s] = ToKernel(wt[static_cast<std::size_t>(s)]);
  c.adaptor_alpha = golden.adaptor_alpha();
  c.high_pass_alpha = golden.high_pass_alpha();
  c.mean_alpha = static_cast<float>(golden.mean_alpha());
  c.scale = static_cast<float>(golden.pinst_scale());
  c.warm_up_steps = golden.warm_up_steps();

  // The golden decimator feeds both chains, so only blocks 1, 3, 4 differ.
  flicker::Decimator decimator(golden.decimation());
  flicker::PinstChain reference(config);
  const std::vector<double> x = Signal(15360, 30, 0.321);  // Pinst,max = 1 (IEC 61000-4-15)
  hls::stream<float> demodulated("demodulated"), pinst("pinst");
  std::vector<double> expected;
  for (double v : x) {
    double d, p;
    if (decimator.Push(v * v, &d)) demodulated.write(static_cast<float>(d));
    if (reference.Push(v, &p)) expected.push_back(p);
  }
  flicker_chain_state<flicker_cfg> state = {};
  const int count = static_cast<int>(demodulated.size());
  flicker_chain<flicker_cfg>(demodulated, count, c, state, pinst);
  ASSERT_EQ(static_cast<std::size_t>(count), expected.size());
  double max_hls = 0, max_golden = 0;
  for (int i = 0; i < count; ++i) {
    const double p = pinst.read();
    if (i < count / 2) continue;  // settled: the last 15 s
    max_hls = std::max(max_hls, p);
    max_golden = std::max(max_golden, expected[static_cast<std::size_t>(i)]);
    EXPECT_NEAR(p, expected[static_cast<std::size_t>(i)], 0.01) << "value " << i;
  }
  EXPECT_NEAR(max_hls, max_golden, 0.01 * max_golden);
  EXPECT_NEAR(max_golden, 1.0, 0.08);  // the standard, for the reference itself
}

TEST(FlickerChain, NonFiniteInputGivesNaNPinst) {
  flicker_chain_coefficients<flicker_cfg> c = {};
  c.butterworth[0] = {1, 0, 0, 0, 0};
  c.butterworth[1] = c.butterworth[2] = c.butterworth[0];
  c.weighting[0] = c.weighting[1] = c.butterworth[0];
  flicker_chain_state<flicker_cfg> state = {};
  hls::stream<float> in("in"), out("out");
  in.write(std::nanf(""));
  flicker_chain<flicker_cfg>(in, 1, c, state, out);
  EXPECT_TRUE(std::isnan(out.read()));
}

}  // namespace
}  // namespace pqa::kernels
