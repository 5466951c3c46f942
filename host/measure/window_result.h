// What one synchronised 10/12-cycle window yields (IEC 61000-4-30 4.4/5.2,
// IEC 61000-4-7): the values every aggregation and the per-window observers
// (flicker, events, sliding reference voltage) start from.
#ifndef PQA_HOST_MEASURE_WINDOW_RESULT_H_
#define PQA_HOST_MEASURE_WINDOW_RESULT_H_

#include <array>
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
};

struct WindowResult {
  TimeNs start = 0;         // UTC instant of the first cycle's start (positive zero crossing
                            // of the fundamental, or the 10-minute tick after resynchronisation)
  TimeNs end = 0;           // UTC instant where the last cycle ends; end - start is about 200 ms
  int cycles = 0;           // fundamental cycles in the window: 12 (60 Hz) or 10 (50 Hz)
  double frequency_hz = 0;  // cycles / (end - start), hertz
  std::array<bool, kPhases> present{};  // phase configured (false: values are 0)
  std::array<PhaseWindow, kPhases> phases;
  SymmetricalComponents sequence;  // from the fundamental phasors, volts (0 unless 3 phases)
  Unbalance unbalance;             // FD and u0, % (0 unless 3 phases)
  bool synchronised = true;        // every cycle boundary was a measured crossing (false while
                                   // free-running, e.g. during an interruption)
  bool resynchronised = false;     // first window after a 10-minute tick (IEC 61000-4-30 4.5.3)
  // Highest harmonic order the sample rate resolves (1..50); subgroups
  // above it are 0, not measured (MaxHarmonicOrder()).
  int max_harmonic_order = kMaxHarmonicOrder;
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_RESULT_H_
