// Voltage unbalance from the fundamental phasors (IEC 61000-4-30 5.7,
// PRODIST Module 8 / spec section 3).
#ifndef PQA_HOST_MEASURE_UNBALANCE_H_
#define PQA_HOST_MEASURE_UNBALANCE_H_

#include <complex>

namespace pqa::measure {

// Fortescue components of a three-phase set, volts (RMS phasors, same angle
// reference as the inputs).
struct SymmetricalComponents {
  std::complex<double> zero;      // V0 = (Va + Vb + Vc) / 3
  std::complex<double> positive;  // V+ = (Va + a Vb + a^2 Vc) / 3, a = exp(j 120 deg)
  std::complex<double> negative;  // V- = (Va + a^2 Vb + a Vc) / 3
};

// `va`, `vb`, `vc`: fundamental RMS phasors of phases A, B, C, volts.
SymmetricalComponents ToSymmetricalComponents(std::complex<double> va, std::complex<double> vb,
                                              std::complex<double> vc);

struct Unbalance {
  double fd_pct = 0;  // FD = |V-| / |V+| x 100, % (0..100+)
  double u0_pct = 0;  // u0 = |V0| / |V+| x 100, % (0..100+)
};

// Both ratios; 0 when |V+| is 0 (no voltage) instead of a division by zero.
Unbalance ComputeUnbalance(const SymmetricalComponents& s);

// PRODIST Module 8's alternative from line-to-line fundamental magnitudes
// only (volts, >= 0): FD = 100 sqrt((1 - sqrt(3 - 6 b)) / (1 + sqrt(3 - 6 b))),
// b = (Vab^4 + Vbc^4 + Vca^4) / (Vab^2 + Vbc^2 + Vca^2)^2. Returns FD in %.
// Zero-sequence voltage does not appear between lines, so this equals
// |V-|/|V+| for any set of phase voltages. Returns 0 for all-zero input.
double UnbalanceFromLineToLine(double vab, double vbc, double vca);

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_UNBALANCE_H_
