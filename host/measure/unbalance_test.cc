#include "host/measure/unbalance.h"

#include <cmath>
#include <complex>
#include <numbers>
#include <random>

#include "gtest/gtest.h"

namespace pqa::measure {
namespace {

std::complex<double> Deg(double magnitude, double degrees) {
  return std::polar(magnitude, degrees * std::numbers::pi / 180);
}

TEST(Unbalance, BalancedSetHasOnlyPositiveSequence) {
  const auto s = ToSymmetricalComponents(Deg(127, 10), Deg(127, -110), Deg(127, 130));
  EXPECT_NEAR(std::abs(s.positive), 127, 1e-9);
  EXPECT_NEAR(std::abs(s.negative), 0, 1e-9);
  EXPECT_NEAR(std::abs(s.zero), 0, 1e-9);
  const Unbalance u = ComputeUnbalance(s);
  EXPECT_NEAR(u.fd_pct, 0, 1e-9);
  EXPECT_NEAR(u.u0_pct, 0, 1e-9);
}

TEST(Unbalance, RecoversInjectedSequenceComponents) {
  // Build the phases from known components: Va = V0 + V+ + V-,
  // Vb = V0 + a^2 V+ + a V-, Vc = V0 + a V+ + a^2 V-.
  const std::complex<double> a = Deg(1, 120);
  const std::complex<double> v0 = Deg(2, 33), vp = Deg(127, 0), vn = Deg(3.81, 71);
  const auto s =
      ToSymmetricalComponents(v0 + vp + vn, v0 + a * a * vp + a * vn, v0 + a * vp + a * a * vn);
  EXPECT_NEAR(std::abs(s.positive - vp), 0, 1e-9);
  EXPECT_NEAR(std::abs(s.negative - vn), 0, 1e-9);
  EXPECT_NEAR(std::abs(s.zero - v0), 0, 1e-9);
  const Unbalance u = ComputeUnbalance(s);
  EXPECT_NEAR(u.fd_pct, 3.0, 1e-9);
  EXPECT_NEAR(u.u0_pct, 200.0 / 127, 1e-9);
}

TEST(Unbalance, BetaFormulaAgreesWithSymmetricalComponents) {
  // PRODIST's line-to-line formula and |V-|/|V+| must agree for any set,
  // including ones with zero sequence (which cancels between lines).
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> mag(100, 140), ang(-8, 8);
  for (int trial = 0; trial < 200; ++trial) {
    const auto va = Deg(mag(rng), ang(rng));
    const auto vb = Deg(mag(rng), -120 + ang(rng));
    const auto vc = Deg(mag(rng), 120 + ang(rng));
    const double fd = ComputeUnbalance(ToSymmetricalComponents(va, vb, vc)).fd_pct;
    const double beta_fd =
        UnbalanceFromLineToLine(std::abs(va - vb), std::abs(vb - vc), std::abs(vc - va));
    EXPECT_NEAR(beta_fd, fd, 1e-6) << "trial " << trial;
  }
}

TEST(Unbalance, BetaFormulaOfBalancedLineVoltagesIsZero) {
  EXPECT_NEAR(UnbalanceFromLineToLine(220, 220, 220), 0, 1e-5);
  EXPECT_EQ(UnbalanceFromLineToLine(0, 0, 0), 0);
}

}  // namespace
}  // namespace pqa::measure
