// What the SystemC system model tells a hardware engineer: cycles per
// window and per flicker sample, front-end frames per clock, FIFO depths and
// high-water marks, stalls, and from those how many three-phase measurement
// points one instance of each unit serves at the stated clock.
#ifndef PQA_SIM_SYSTEMC_SYSTEM_REPORT_H_
#define PQA_SIM_SYSTEMC_SYSTEM_REPORT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "sim/systemc/monitored_fifo.h"

namespace pqa::sim {

struct UnitReport {
  std::uint64_t calls = 0;
  std::uint64_t items = 0;  // windows, or samples
  std::uint64_t busy_cycles = 0;
  std::uint64_t min_cycles = 0, max_cycles = 0;  // per call
  std::uint64_t interval_cycles = 0;             // had the calls streamed back to back
};

struct SystemReport {
  double clock_hz = 0;
  double simulated_s = 0;  // simulated time so far
  // Front end (the Verilated RTL): clocks given, frames in, words out.
  std::uint64_t fe_clocks = 0, fe_frames = 0, fe_words = 0;
  std::uint64_t fe_busy_clocks = 0;  // clocks with a frame presented or a word pending
  std::uint64_t fe_input_stalls = 0, fe_output_stalls = 0;
  UnitReport window, flicker;
  std::vector<FifoStats> fifos;

  // Three-phase points at `sample_rate_hz` and `nominal_hz` (windows of
  // `cycles_per_window` cycles: 12 at 60 Hz, 10 at 50 Hz) one instance
  // serves in real time; 0 when the unit did no work.
  double WindowPoints(double nominal_hz, int cycles_per_window) const;
  double FlickerPoints(double sample_rate_hz) const;
  // The front end serves one ADC: how many times faster than the ADC's
  // frame rate it runs.
  double FrontEndPoints(double sample_rate_hz) const;
  std::string ToText(double sample_rate_hz, double nominal_hz) const;
};

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_SYSTEM_REPORT_H_
