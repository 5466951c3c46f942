// Test-only: analytic three-phase voltages with rectangular steps of the RMS
// amplitude, the independent reference for the VTCD tests.
#ifndef PQA_HOST_VTCD_TEST_SIGNALS_H_
#define PQA_HOST_VTCD_TEST_SIGNALS_H_

#include <cmath>
#include <numbers>
#include <vector>

#include "host/common/time.h"

namespace pqa::vtcd::test_signals {

// Phase p's RMS is `level_pu` x nominal during [start_s, end_s).
struct Step {
  int phase = 0;
  double start_s = 0.0;  // seconds from the first sample
  double end_s = 0.0;
  double level_pu = 1.0;
};

struct Signal {
  double sample_rate_hz = 7680.0;
  double frequency_hz = 60.0;
  double rms_v = 127.0;  // steady RMS per phase
  double seconds = 1.0;
  int phases = 3;
  double phase0_rad = 0.3;         // phase A angle at t = 0
  double third_harmonic_pu = 0.0;  // relative to the fundamental, in phase with it
  double fifth_harmonic_pu = 0.0;
  std::vector<Step> steps;

  // Interleaved frames, `phases` channels per frame.
  std::vector<double> Frames() const {
    const std::size_t n = static_cast<std::size_t>(std::llround(seconds * sample_rate_hz));
    std::vector<double> out(n * phases);
    const double w = 2.0 * std::numbers::pi * frequency_hz;
    for (std::size_t k = 0; k < n; ++k) {
      const double t = static_cast<double>(k) / sample_rate_hz;
      for (int p = 0; p < phases; ++p) {
        double level = 1.0;
        for (const Step& s : steps) {
          if (s.phase == p && t >= s.start_s && t < s.end_s) level = s.level_pu;
        }
        const double a = w * t + phase0_rad - p * 2.0 * std::numbers::pi / 3.0;
        out[k * phases + p] = std::numbers::sqrt2 * rms_v * level *
                              (std::sin(a) + third_harmonic_pu * std::sin(3 * a) +
                               fifth_harmonic_pu * std::sin(5 * a));
      }
    }
    return out;
  }
};

}  // namespace pqa::vtcd::test_signals

#endif  // PQA_HOST_VTCD_TEST_SIGNALS_H_
