// Who runs the two top-level kernels on buffers laid out per
// hls/kernels/buffer_contract.h. HlsWindowAnalysis and HlsPinstEngine fill
// and read the buffers; a launcher only runs the kernel on them: natively
// (the kernels compiled for this CPU), inside the SystemC system model
// (sim/systemc, which also accounts the hardware's cycles and FIFOs), or on a
// card. One buffer-filling code path for every backend.
#ifndef PQA_HOST_ACCEL_KERNEL_LAUNCHER_H_
#define PQA_HOST_ACCEL_KERNEL_LAUNCHER_H_

#include <memory>

#include "hls/kernels/buffer_contract.h"

namespace pqa::accel {

// Windows per window-kernel call (n_jobs) at most: a block's windows (five
// per second of signal at 60 Hz) go in one call; buffers are sized for it.
inline constexpr unsigned kMaxWindowJobsPerCall = 16;

class KernelLauncher {
 public:
  virtual ~KernelLauncher() = default;
  // Arguments exactly as pqa_window_kernel (hls/kernels/window_kernel.h).
  virtual void RunWindowKernel(const float* samples, const kernels::WindowJob* jobs,
                               const float* coefficients, kernels::WindowOutput* out,
                               unsigned n_jobs, unsigned taps, unsigned phases) = 0;
  // Arguments exactly as pqa_flicker_kernel (hls/kernels/flicker_kernel.h).
  virtual void RunFlickerKernel(const float* samples, unsigned n,
                                const kernels::FlickerCoefficients* coefficients,
                                kernels::FlickerState* state, float* pinst, unsigned* histogram,
                                unsigned classify_from) = 0;
};

// The kernels compiled for this CPU, called directly (thread-safe: the
// kernels keep no state outside their buffers).
std::shared_ptr<KernelLauncher> NativeKernels();

}  // namespace pqa::accel

#endif  // PQA_HOST_ACCEL_KERNEL_LAUNCHER_H_
