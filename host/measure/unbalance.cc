#include "host/measure/unbalance.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pqa::measure {
namespace {

const std::complex<double> kA = std::polar(1.0, 2.0 * std::numbers::pi / 3.0);
const std::complex<double> kA2 = kA * kA;

}  // namespace

SymmetricalComponents ToSymmetricalComponents(std::complex<double> va, std::complex<double> vb,
                                              std::complex<double> vc) {
  return SymmetricalComponents{
      .zero = (va + vb + vc) / 3.0,
      .positive = (va + kA * vb + kA2 * vc) / 3.0,
      .negative = (va + kA2 * vb + kA * vc) / 3.0,
  };
}

Unbalance ComputeUnbalance(const SymmetricalComponents& s) {
  const double pos = std::abs(s.positive);
  if (!(pos > 0)) return {};
  return Unbalance{.fd_pct = 100.0 * std::abs(s.negative) / pos,
                   .u0_pct = 100.0 * std::abs(s.zero) / pos};
}

double UnbalanceFromLineToLine(double vab, double vbc, double vca) {
  const double sq = vab * vab + vbc * vbc + vca * vca;
  if (!(sq > 0)) return 0;
  const double beta =
      (vab * vab * vab * vab + vbc * vbc * vbc * vbc + vca * vca * vca * vca) / (sq * sq);
  // beta is 1/3 for a balanced set and 1/2 at the limit |V-| = |V+|; rounding
  // can take 3 - 6 beta a hair below 0.
  const double root = std::sqrt(std::max(0.0, 3.0 - 6.0 * beta));
  return 100.0 * std::sqrt(std::max(0.0, (1.0 - root) / (1.0 + root)));
}

}  // namespace pqa::measure
