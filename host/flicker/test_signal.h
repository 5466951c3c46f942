// The IEC 61000-4-15 test signals, synthesised in memory for the flicker
// tests and benchmark: u(t) = A sin(2 pi f0 t) (1 + dVV/100/2 m(t)), with
// m = sin(2 pi fm t) or sign(sin(2 pi fm t)), t measured from `phase_origin`.
#ifndef PQA_HOST_FLICKER_TEST_SIGNAL_H_
#define PQA_HOST_FLICKER_TEST_SIGNAL_H_

#include <cmath>
#include <cstdint>
#include <numbers>
#include <vector>

#include "host/common/time.h"
#include "host/synth/waveform.h"

namespace pqa::flicker {

enum class Modulation { kNone, kSinusoidal, kRectangular };

struct ModulatedSine {
  double amplitude = 325.27;  // peak, V (230 V RMS)
  double supply_hz = 50;
  Modulation modulation = Modulation::kNone;
  double modulation_hz = 0;  // fm = CPM / 120 for rectangular changes per minute
  double dvv_percent = 0;    // relative RMS change, peak to peak, percent
  TimeNs phase_origin = 0;   // instant where both sines have phase 0

  // Fills `out` with samples i = 0..n-1 at first + i / rate.
  void Fill(TimeNs first, double rate_hz, std::size_t n, std::vector<double>& out) const {
    out.resize(n);
    // Phases in cycles from integral nanoseconds, so hours of signal keep
    // full precision.
    const TimeNs offset = first - phase_origin;
    const double offset_s = static_cast<double>(offset % kNsPerSecond) / 1e9;
    const double offset_whole_s = static_cast<double>(offset / kNsPerSecond);
    const double supply_base = std::fmod(supply_hz * offset_whole_s, 1.0);
    const double mod_base = std::fmod(modulation_hz * offset_whole_s, 1.0);
    for (std::size_t i = 0; i < n; ++i) {
      const double t = offset_s + static_cast<double>(i) / rate_hz;
      const double carrier = std::sin(2 * std::numbers::pi * (supply_base + supply_hz * t));
      double m = 0;
      if (modulation != Modulation::kNone) {
        const double cycles = mod_base + modulation_hz * t;
        if (modulation == Modulation::kSinusoidal) {
          m = std::sin(2 * std::numbers::pi * std::fmod(cycles, 1.0));
        } else {
          // Averaged over the sample's own period (synth::SampledRectangle).
          m = synth::SampledRectangle(cycles, modulation_hz / rate_hz / 2);
        }
      }
      out[i] = amplitude * carrier * (1 + dvv_percent / 200 * m);
    }
  }
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_TEST_SIGNAL_H_
