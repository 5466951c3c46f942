#include "sim/systemc/kernel_units.h"

#include <algorithm>

#include "hls/kernels/flicker_kernel.h"
#include "hls/kernels/window_kernel.h"

namespace pqa::sim {

void CountCall(KernelCounters& c, std::uint64_t items, std::uint64_t cycles,
               std::uint64_t interval) {
  c.min_cycles = c.calls == 0 ? cycles : std::min(c.min_cycles, cycles);
  c.max_cycles = std::max(c.max_cycles, cycles);
  ++c.calls;
  c.items += items;
  c.busy_cycles += cycles;
  c.interval_cycles += interval;
}

KernelCycles Execute(WindowCall& call, std::uint64_t& items) {
  pqa_window_kernel(call.samples, call.jobs, call.coefficients, call.out, call.n_jobs, call.taps,
                    call.phases);
  KernelCycles total;
  for (unsigned j = 0; j < call.n_jobs; ++j) {
    const kernels::WindowJob& job = call.jobs[j];
    // Voltages and currents are channels through the same stages; the power
    // pairs are the phases with a current and its voltage (buffer_contract.h).
    const auto channels = static_cast<unsigned>(__builtin_popcount(job.phase_mask & 7u) +
                                                __builtin_popcount(job.current_mask & 7u));
    const auto power =
        static_cast<unsigned>(__builtin_popcount(job.power_mask & job.current_mask & 7u));
    const KernelCycles c = WindowJobCycles(job.span_samples, channels, power, call.taps);
    // Jobs of one call stream through the DATAFLOW region back to back.
    total.latency = j == 0 ? c.latency : total.latency + c.interval;
    total.interval += c.interval;
  }
  items = call.n_jobs;
  return total;
}

KernelCycles Execute(FlickerCall& call, std::uint64_t& items) {
  const unsigned d = call.coefficients->decimation;
  pqa_flicker_kernel(call.samples, call.n, call.coefficients, call.state, call.pinst,
                     call.histogram, call.classify_from);
  items = call.n;
  return FlickerCallCycles(call.n, d);
}

}  // namespace pqa::sim
