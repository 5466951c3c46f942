#include "sim/systemc/system_report.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace pqa::sim {

double SystemReport::WindowPoints(double nominal_hz, int cycles_per_window) const {
  if (window.items == 0) return 0;
  // Each point needs nominal / cycles windows per second (5 at 60 Hz / 12).
  const double windows_per_point = nominal_hz / cycles_per_window;
  const double cycles_per_window_job = static_cast<double>(window.interval_cycles) / window.items;
  return clock_hz / (cycles_per_window_job * windows_per_point);
}

double SystemReport::FlickerPoints(double sample_rate_hz) const {
  if (flicker.items == 0) return 0;
  const double cycles_per_sample = static_cast<double>(flicker.interval_cycles) / flicker.items;
  return clock_hz / (cycles_per_sample * 3 * sample_rate_hz);
}

double SystemReport::FrontEndPoints(double sample_rate_hz) const {
  if (fe_frames == 0 || fe_busy_clocks == 0) return 0;
  const double frames_per_clock = static_cast<double>(fe_frames) / fe_busy_clocks;
  return clock_hz * frames_per_clock / sample_rate_hz;
}

std::string SystemReport::ToText(double sample_rate_hz, double nominal_hz) const {
  const int cycles = nominal_hz == 50 ? 10 : 12;
  std::string s = absl::StrFormat(
      "SystemC system model at %.0f MHz (front end: Verilated RTL; kernels: HLS C++ timed "
      "from their pragmas), %.3f s simulated\n",
      clock_hz / 1e6, simulated_s);
  absl::StrAppendFormat(
      &s,
      "  front end:      %d frames in, %d words out in %d busy clocks (%.3f frames/clock); "
      "stalls: %d input, %d output\n",
      fe_frames, fe_words, fe_busy_clocks,
      fe_busy_clocks ? static_cast<double>(fe_frames) / fe_busy_clocks : 0.0, fe_input_stalls,
      fe_output_stalls);
  if (window.calls > 0) {
    absl::StrAppendFormat(
        &s,
        "  window kernel:  %d windows in %d calls (a block's windows per call), %d..%d cycles "
        "per call (%.1f us at most), %.0f cycles per window back to back\n",
        window.items, window.calls, window.min_cycles, window.max_cycles,
        window.max_cycles / clock_hz * 1e6,
        static_cast<double>(window.interval_cycles) / window.items);
  }
  if (flicker.calls > 0) {
    absl::StrAppendFormat(&s, "  flicker kernel: %d calls, %d samples, %.3f cycles per sample\n",
                          flicker.calls, flicker.items,
                          static_cast<double>(flicker.interval_cycles) / flicker.items);
  }
  absl::StrAppend(&s,
                  "  FIFOs: depth / high-water mark / writes that found it full (for the ADC "
                  "FIFO: the replay pushes frames as fast as the RTL takes them)\n");
  for (const FifoStats& f : fifos) {
    const std::string name = f.name.substr(f.name.find_last_of('.') + 1);
    absl::StrAppendFormat(&s, "    %-18s %4d / %4d / %d\n", name, f.depth, f.high_water,
                          f.full_waits);
  }
  if (sample_rate_hz > 0) {
    absl::StrAppendFormat(
        &s,
        "  one instance at %.0f MHz serves, in real time, %.0f three-phase points at %.0f S/s "
        "and %g Hz with the window kernel and %.0f with the flicker kernel; the front end "
        "runs %.0fx faster than its ADC\n",
        clock_hz / 1e6, WindowPoints(nominal_hz, cycles), sample_rate_hz, nominal_hz,
        FlickerPoints(sample_rate_hz), FrontEndPoints(sample_rate_hz));
  }
  return s;
}

}  // namespace pqa::sim
