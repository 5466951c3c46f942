// Power quantities of one 10/12-cycle window (IEEE 1459-2010) and the
// voltages the phase currents multiply.
//
//   voltage channels --(wye: as they are; delta, V: StarPointVoltages)--> v'_p
//   v'_p, i_p --(WindowAnalysis)--> P = mean(v' i), V'rms, I, I1 phasors
//            --(engine: StarPointVoltages on the phasors)--> V'1
//            --(here)--> S = V'rms I, P1 + j Q1 = V'1 conj(I1)
//
// A delta or V input has no neutral: the voltage each current multiplies is
// taken to the artificial star point of the three line-to-line voltages,
// v_a = (v_ab - v_ca) / 3, v_b = (v_bc - v_ab) / 3, v_c = (v_ca - v_bc) / 3
// (IEEE 1459 3.2.2.1). These are the line-to-neutral voltages less their
// zero-sequence part, and because they add up to zero the per-phase powers of
// a three-wire circuit add up to its exact total (Blondel: the reference point
// is arbitrary when the currents add up to zero). The two-element V
// connection (PRODIST Module 5 item 50.4.1) measures v_ab and v_cb;
// v_bc = -v_cb and v_ca = -(v_ab + v_bc) complete the triangle.
#ifndef PQA_HOST_MEASURE_POWER_H_
#define PQA_HOST_MEASURE_POWER_H_

#include <array>
#include <complex>

#include "host/measure/window_result.h"

namespace pqa::measure {

// Voltages to the artificial star point from the three line-to-line
// voltages (v_ab, v_bc, v_ca), for samples (double) or phasors (complex).
template <typename T>
std::array<T, kPhases> StarPointVoltages(const T& v_ab, const T& v_bc, const T& v_ca) {
  return {(v_ab - v_ca) / 3.0, (v_bc - v_ab) / 3.0, (v_ca - v_bc) / 3.0};
}

// The same from the V connection's two line-to-line voltages v_ab and v_cb.
template <typename T>
std::array<T, kPhases> StarPointVoltagesFromV(const T& v_ab, const T& v_cb) {
  const T v_bc = -v_cb;
  return StarPointVoltages(v_ab, v_bc, -(v_ab + v_bc));
}

// IEEE 1459 3.1.2.3/3.1.2.4: fundamental active and reactive power of one
// phase, P1 + j Q1 = V1 conj(I1) with RMS phasors; Q1 > 0 when the current
// lags its voltage (inductive).
inline std::complex<double> FundamentalComplexPower(const PhaseWindow& w) {
  return w.power_v_fundamental * std::conj(w.i_fundamental);
}

// IEEE 1459 3.1.2.7: apparent power S = V I of one phase, volt-amperes.
inline double ApparentPower(const PhaseWindow& w) { return w.power_v_rms * w.i_rms_a; }

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_POWER_H_
