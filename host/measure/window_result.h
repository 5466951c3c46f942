// What one synchronised 10/12-cycle window yields (IEC 61000-4-30 4.4/5.2,
// IEC 61000-4-7): the values every aggregation and the per-window observers
// (flicker, events, sliding reference voltage) start from.
#ifndef PQA_HOST_MEASURE_WINDOW_RESULT_H_
#define PQA_HOST_MEASURE_WINDOW_RESULT_H_

#include <array>
#include <cmath>
#include <complex>

#include "host/common/time.h"
#include "host/measure/harmonics.h"
#include "host/measure/unbalance.h"

namespace pqa::measure {

inline constexpr int kPhases = 3;  // A, B, C

struct PhaseWindow {
  double rms_v = 0;                  // RMS over the window's exact cycles, volts (time domain)
  std::complex<double> fundamental;  // RMS phasor of the fundamental, volts; angle of a cosine
                                     // at the window start, radians (common to all phases)
  SubgroupMagnitudes subgroups{};    // harmonic subgroups Ysg,h, volts RMS, h = 1..50

  // The phase's current (WindowResult.current_present[p]; 0 otherwise), over
  // the same exact cycles, and the power products with the voltage the
  // current multiplies (WindowSpan.power_voltages: line-to-neutral, or to the
  // artificial star point of a delta or V input).
  double i_rms_a = 0;                  // RMS current, amperes (time domain)
  std::complex<double> i_fundamental;  // RMS phasor of the fundamental current, amperes, same
                                       // angle reference as `fundamental`
  SubgroupMagnitudes i_subgroups{};    // current harmonic subgroups, amperes RMS, h = 1..50
  double p_w = 0;          // active power: mean of v*i over the window, watts (IEEE 1459)
  double power_v_rms = 0;  // RMS of the voltage the current multiplies, volts (= rms_v for wye)
  std::complex<double> power_v_fundamental;  // its fundamental phasor, volts (engine-derived)
};

struct WindowResult {
  TimeNs start = 0;         // UTC instant of the first cycle's start (positive zero crossing
                            // of the fundamental, or the 10-minute tick after resynchronisation)
  TimeNs end = 0;           // UTC instant where the last cycle ends; end - start is about 200 ms
  int cycles = 0;           // fundamental cycles in the window: 12 (60 Hz) or 10 (50 Hz)
  double frequency_hz = 0;  // cycles / (end - start), hertz
  std::array<bool, kPhases> present{};          // phase configured (false: values are 0)
  std::array<bool, kPhases> current_present{};  // phase current configured (false: current and
                                                // power values are 0)
  std::array<PhaseWindow, kPhases> phases;
  // Neutral current RMS over the same cycles, amperes (time domain; the
  // engine computes it for every backend); 0 without a neutral channel.
  double in_rms_a = 0;
  SymmetricalComponents sequence;  // from the fundamental phasors, volts (0 unless 3 phases)
  Unbalance unbalance;             // FD and u0, % (0 unless 3 phases)
  bool synchronised = true;        // every cycle boundary was a measured crossing (false while
                                   // free-running, e.g. during an interruption)
  bool resynchronised = false;     // first window after a 10-minute tick (IEC 61000-4-30 4.5.3)
  // Highest harmonic order the sample rate resolves (1..50); subgroups
  // above it are 0, not measured (MaxHarmonicOrder()).
  int max_harmonic_order = kMaxHarmonicOrder;
  bool valid = true;  // false: the analysis could not represent the window (see
                      // FlagUnrepresentableWindow); its values are 0 and it is not aggregated
};

// The full scale of a window: 1 GV RMS, three orders above the highest
// transmission voltage, and nine below where float32 arithmetic overflows
// (a 16,384-sample sum of squares reaches 3.4e38 at about 1.4e17 V), so the
// double golden engine and the float32 kernels agree on which windows are
// beyond it.
inline constexpr double kWindowFullScaleV = 1e9;
// The same bound for currents, amperes, and so for power their product
// (1e18 W, far below float32's 3.4e38).
inline constexpr double kWindowFullScaleA = 1e9;

// Flags a window that is beyond the full scale or holds a value that is not
// finite (a float32 kernel's overflow) as invalid and zeroes its values, so
// that no Infinity or NaN reaches a record; returns whether it was valid.
// Every backend's windows pass through it (MeasurementEngine), which is what
// makes them agree on validity.
inline bool FlagUnrepresentableWindow(WindowResult& w) {
  if (!w.valid) {  // flagged by a kernel
    w.phases = {};
    w.in_rms_a = 0;
    w.sequence = {};
    w.unbalance = {};
    return false;
  }
  // |v| <= full scale is false for NaN and the infinities too, so it is the
  // whole test; the subgroups' loops below take every value without a
  // branch (they were most of a window's cost outside its analysis).
  auto fits = [](double v) { return std::abs(v) <= kWindowFullScaleV; };
  auto fits_a = [](double v) { return std::abs(v) <= kWindowFullScaleA; };
  auto fits_w = [](double v) { return std::abs(v) <= kWindowFullScaleV * kWindowFullScaleA; };
  // |z| <= full scale; parts both within half of it settle that without the
  // hypot (|z| <= full scale / sqrt 2), and anything else (NaN included)
  // takes the exact test.
  auto phasor_fits = [](std::complex<double> z, double full_scale) {
    if (std::abs(z.real()) <= 0.5 * full_scale && std::abs(z.imag()) <= 0.5 * full_scale) {
      return true;
    }
    return std::abs(z) <= full_scale;
  };
  // Counting the values that do not fit (the compare is false for NaN)
  // vectorises; and-ing bools did not, and cost 5 instructions a value.
  auto all_fit = [](const SubgroupMagnitudes& values, double full_scale) {
    double misfits = 0;
    for (double v : values) misfits += std::abs(v) <= full_scale ? 0.0 : 1.0;
    return misfits == 0;
  };
  bool ok = std::isfinite(w.unbalance.fd_pct) && std::isfinite(w.unbalance.u0_pct) &&
            phasor_fits(w.sequence.zero, kWindowFullScaleV) &&
            phasor_fits(w.sequence.positive, kWindowFullScaleV) &&
            phasor_fits(w.sequence.negative, kWindowFullScaleV);
  for (const PhaseWindow& p : w.phases) {
    ok = ok && fits(p.rms_v) && phasor_fits(p.fundamental, kWindowFullScaleV);
    ok = ok && all_fit(p.subgroups, kWindowFullScaleV);
    ok = ok && fits_a(p.i_rms_a) && phasor_fits(p.i_fundamental, kWindowFullScaleA) &&
         fits_w(p.p_w) && fits(p.power_v_rms) &&
         phasor_fits(p.power_v_fundamental, kWindowFullScaleV);
    ok = ok && all_fit(p.i_subgroups, kWindowFullScaleA);
  }
  ok = ok && fits_a(w.in_rms_a);
  if (ok) return true;
  w.valid = false;
  w.phases = {};
  w.in_rms_a = 0;
  w.sequence = {};
  w.unbalance = {};
  return false;
}

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_RESULT_H_
