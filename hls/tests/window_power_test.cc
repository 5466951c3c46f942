// Testbench of window_power (hls/blocks/window_power.h), compiled natively:
// the active power and the power voltage's RMS of one window with
// fractional ends, against the golden model (host/measure/window_rms.h:
// WindowMeanProduct and WindowRms, the same cell weights) and the signal
// definition. Tolerance: 1/50 of the issue-17
// bound for P (0.2 % of S), the margin the other window blocks keep inside
// their class A / class I bounds (window_blocks_test.cc).
#include "hls/blocks/window_power.h"

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "gtest/gtest.h"
#include "hls/blocks/rms_phasor.h"
#include "hls_stream.h"
#include "host/measure/window_rms.h"

namespace pqa::kernels {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kPeriod = 256.3;  // samples per cycle: the window's ends fall between samples
constexpr double kBegin = 7.37, kEnd = 7.37 + 12 * kPeriod;
constexpr double kV1 = 127, kV3 = 6;         // volts RMS
constexpr double kI1 = 50, kI3 = 9;          // amperes RMS
constexpr double kLag1 = 0.6, kLag3 = -1.1;  // current angle behind the voltage's, radians

std::uint64_t Q32(double x) { return static_cast<std::uint64_t>(std::llround(x * 4294967296.0)); }

struct Signals {
  std::vector<double> v, i;
};

Signals Analytic() {
  Signals s;
  for (int n = 0; n < 3200; ++n) {
    const double theta = 2 * kPi * n / kPeriod + 0.1;
    s.v.push_back(std::sqrt(2.0) * (kV1 * std::cos(theta) + kV3 * std::cos(3 * theta + 0.4)));
    s.i.push_back(std::sqrt(2.0) *
                  (kI1 * std::cos(theta - kLag1) + kI3 * std::cos(3 * theta + 0.4 - kLag3)));
  }
  return s;
}

TEST(WindowPower, MatchesTheGoldenModelAndTheSignalDefinition) {
  const Signals s = Analytic();
  hls::stream<float> v("v"), i("i"), v_rms_in("v_rms_in");
  for (std::size_t n = 0; n < s.v.size(); ++n) {
    v.write(static_cast<float>(s.v[n]));
    i.write(static_cast<float>(s.i[n]));
    v_rms_in.write(static_cast<float>(s.v[n]));
  }
  hls::stream<power_result<power_default_config>> out("power");
  window_power<power_default_config>(v, i, static_cast<int>(s.v.size()), Q32(kBegin), Q32(kEnd),
                                     out);
  const power_result<power_default_config> r = out.read();

  const double golden = measure::WindowMeanProduct(s.v.data(), s.i.data(), kBegin, kEnd);
  const double analytic = kV1 * kI1 * std::cos(kLag1) + kV3 * kI3 * std::cos(kLag3);
  const double s_va = std::hypot(kV1, kV3) * std::hypot(kI1, kI3);
  const double tolerance = 0.002 / 50 * s_va;
  EXPECT_NEAR(r.p_w, golden, tolerance);
  EXPECT_NEAR(golden, analytic, 1e-6 * s_va);  // whole cycles: the definition exactly
  EXPECT_NEAR(r.v_rms, std::hypot(kV1, kV3), 0.001 / 50 * kV1);

  // The voltage's RMS is window_rms's arithmetic: a wye input's power
  // voltage RMS equals the window's rms_v.
  hls::stream<float> rms("rms");
  window_rms<rms_default_config>(v_rms_in, static_cast<int>(s.v.size()), Q32(kBegin), Q32(kEnd),
                                 rms);
  EXPECT_EQ(r.v_rms, rms.read());
}

TEST(WindowPower, AWindowInsideOneCellGivesThatSamplesProduct) {
  hls::stream<float> v("v"), i("i");
  for (int n = 0; n < 8; ++n) {
    v.write(static_cast<float>(n + 1));
    i.write(static_cast<float>(-2 * n));
  }
  hls::stream<power_result<power_default_config>> out("power");
  window_power<power_default_config>(v, i, 8, Q32(3.1), Q32(3.4), out);
  const power_result<power_default_config> r = out.read();
  EXPECT_EQ(r.p_w, 4.0f * -6.0f);
  EXPECT_EQ(r.v_rms, 4.0f);
}

}  // namespace
}  // namespace pqa::kernels
