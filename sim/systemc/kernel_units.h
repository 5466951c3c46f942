// SystemC wrappers of the two HLS kernels. Each unit takes a call (the
// kernel's arguments: buffers in the card's memory, scalars) from its job
// FIFO, computes it with the kernel's own C++ (hls/kernels, bit-identical to
// `--backend hls`), holds it for the cycles the kernel takes
// (kernel_timing.h) and hands it to its done FIFO, from which the host's
// interrupt handler collects it. One instance of each kernel, shared by
// every phase and every window, as on the card.
#ifndef PQA_SIM_SYSTEMC_KERNEL_UNITS_H_
#define PQA_SIM_SYSTEMC_KERNEL_UNITS_H_

#include <cstdint>
#include <ostream>

#include "hls/kernels/buffer_contract.h"
#include "sim/systemc/kernel_timing.h"
#include "sim/systemc/monitored_fifo.h"
#include "sim/systemc/systemc.h"

namespace pqa::sim {

struct WindowCall {
  const float* samples = nullptr;
  const kernels::WindowJob* jobs = nullptr;
  const float* coefficients = nullptr;
  kernels::WindowOutput* out = nullptr;
  unsigned n_jobs = 0, taps = 0, phases = 0;
  bool done = false;
};

struct FlickerCall {
  const float* samples = nullptr;
  unsigned n = 0;
  const kernels::FlickerCoefficients* coefficients = nullptr;
  kernels::FlickerState* state = nullptr;
  float* pinst = nullptr;
  unsigned* histogram = nullptr;
  unsigned classify_from = 0;
  bool done = false;
};

struct KernelCounters {
  std::uint64_t calls = 0;
  std::uint64_t items = 0;  // windows (window kernel) or samples (flicker kernel)
  std::uint64_t busy_cycles = 0;
  std::uint64_t min_cycles = 0, max_cycles = 0;  // per call
  std::uint64_t interval_cycles = 0;             // sum of back-to-back intervals of the calls
};

// Counts one call of `cycles` (latency) and `interval` into `c`.
void CountCall(KernelCounters& c, std::uint64_t items, std::uint64_t cycles,
               std::uint64_t interval);

// Runs one call of the kernel on its buffers and says how long the
// hardware takes (`interval`: had the calls streamed back to back) and how
// many items (windows, samples) it held.
KernelCycles Execute(WindowCall& call, std::uint64_t& items);
KernelCycles Execute(FlickerCall& call, std::uint64_t& items);

template <typename Call>
class KernelUnit : public sc_core::sc_module {
 public:
  SC_HAS_PROCESS(KernelUnit);
  KernelUnit(sc_core::sc_module_name name, sc_core::sc_time clock_period,
             MonitoredFifo<Call*>& jobs, MonitoredFifo<Call*>& done)
      : sc_core::sc_module(name), period_(clock_period), jobs_(jobs), done_(done) {
    SC_THREAD(Run);
  }
  const KernelCounters& counters() const { return counters_; }
  void ClearCounters() { counters_ = {}; }

 private:
  void Run() {
    while (true) {
      Call* call = jobs_.read();
      std::uint64_t items = 0;
      const KernelCycles c = Execute(*call, items);
      wait(period_ * static_cast<double>(c.latency));
      CountCall(counters_, items, c.latency, c.interval);
      done_.write(call);
    }
  }

  sc_core::sc_time period_;
  MonitoredFifo<Call*>& jobs_;
  MonitoredFifo<Call*>& done_;
  KernelCounters counters_;
};

using WindowKernelUnit = KernelUnit<WindowCall>;
using FlickerKernelUnit = KernelUnit<FlickerCall>;

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_KERNEL_UNITS_H_
