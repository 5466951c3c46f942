// Clock cycles of the two HLS kernels, derived from their loop structure
// and pragmas (hls/kernels, hls/blocks) by the rule Vitis HLS schedules a
// pipelined loop with: trip count x II, plus the pipeline depth. Under
// DATAFLOW (both kernels) the stages overlap: a job's latency is the first
// phase through every stage plus the remaining phases at the slowest stage,
// and back-to-back jobs leave one every `interval` cycles.
//
// These are estimates from the source, not from synthesised RTL (Vitis is
// not available to the build): a Vitis HLS report or C/RTL co-simulation
// replaces the constants below, and the model's figures scale with them.
#ifndef PQA_SIM_SYSTEMC_KERNEL_TIMING_H_
#define PQA_SIM_SYSTEMC_KERNEL_TIMING_H_

#include <cstdint>

namespace pqa::sim {

struct KernelCycles {
  std::uint64_t latency = 0;   // start to done of one call, cycles
  std::uint64_t interval = 0;  // cycles between calls when they stream back to back
};

// pqa_window_kernel with one job: `span_samples` per channel (WindowJob),
// `channels` analysed channels (present phase voltages plus phase currents,
// 1..6), `power_phases` power pairs (0..3), a resampler of `taps` taps.
KernelCycles WindowJobCycles(unsigned span_samples, unsigned channels, unsigned power_phases,
                             unsigned taps);

// pqa_flicker_kernel on `n` samples of one phase at decimation `d`.
KernelCycles FlickerCallCycles(unsigned n, unsigned d);

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_KERNEL_TIMING_H_
