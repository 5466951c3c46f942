// The accelerator as one SystemC system: the Verilated RTL front end and
// the two HLS kernels, connected by FIFOs of the depths the hardware has,
// driven by the host the way the driver drives the card:
//
//   ADC frames -> [adc FIFO 16] -> front end (RTL) -> [result FIFO 512] -> host DMA
//   host -> [window jobs 4] -> window kernel  -> [window done 4]  -> host
//   host -> [flicker jobs 4] -> flicker kernel -> [flicker done 4] -> host
//
// Each host call queues its work, runs the simulation until the results are
// back and returns them; simulated time and every counter carry on across
// calls. The front end's clock is gated while it has nothing to do (the RTL
// only changes state on a frame), so the kernels' long jobs cost no
// simulated edges. Work arrives as the analyzer produces it (a block's
// windows, its flicker samples, then its frames), not overlapped as on a
// card: the per-unit figures (cycles per window, per sample, per frame,
// FIFO levels, stalls) are the hardware's; the total simulated time is the
// sum of the units' times, not their overlap.
//
// SystemC elaborates once per process, so there is one model per process
// (Get()); calls are serialised and must come from one thread at a time.
#ifndef PQA_SIM_SYSTEMC_SYSTEM_MODEL_H_
#define PQA_SIM_SYSTEMC_SYSTEM_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hls/kernels/buffer_contract.h"
#include "host/frontend/front_end.h"
#include "host/frontend/output_word.h"
#include "sim/systemc/system_report.h"

namespace pqa::sim {

class SystemModel {
 public:
  static SystemModel& Get();

  // As pqa_window_kernel / pqa_flicker_kernel, through the kernel's unit.
  void RunWindowKernel(const float* samples, const kernels::WindowJob* jobs,
                       const float* coefficients, kernels::WindowOutput* out, unsigned n_jobs,
                       unsigned taps, unsigned phases);
  void RunFlickerKernel(const float* samples, unsigned n,
                        const kernels::FlickerCoefficients* coefficients,
                        kernels::FlickerState* state, float* pinst, unsigned* histogram,
                        unsigned classify_from);

  // Resets the RTL front end and programs `registers` (a new stream).
  void ProgramFrontEnd(const frontend::Registers& registers);
  // `frames` ADC frames of `channels` codes each (frame-major, channels <= 7:
  // the voltages first; missing channels are 0), TUSER indices from
  // `first_index`; appends every word the front end put out to `words`.
  void StreamFrames(const std::int32_t* codes, std::size_t frames, std::size_t channels,
                    std::uint32_t first_index, std::vector<frontend::OutputWord>& words);

  // Counters since the start or the last ClearReport().
  SystemReport Report() const;
  void ClearReport();

  struct Impl;

 private:
  SystemModel();
  Impl* impl_;  // lives as long as the process (SystemC cannot tear down)
};

// Stated clock of the model (front end and kernels in one domain), Hz.
inline constexpr double kModelClockHz = 250e6;

}  // namespace pqa::sim

#endif  // PQA_SIM_SYSTEMC_SYSTEM_MODEL_H_
