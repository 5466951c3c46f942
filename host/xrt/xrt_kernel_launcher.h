// accel::KernelLauncher on a card: accel::HlsWindowAnalysis (and
// accel::HlsPinstEngine) fill the buffers of hls/kernels/buffer_contract.h
// exactly as for the native backend, and this launcher runs the kernels on
// the device of an XrtProgram instead of the CPU. Each call is synchronous:
// the host buffers are sent, the kernel runs, the outputs come back.
//
// KernelLauncher's calls return nothing, so a failure (a run that does not
// complete within the program's run_timeout, a lost device) is recorded on
// the XrtProgram, later calls run nothing, and every output value is NaN.
#ifndef PQA_HOST_XRT_XRT_KERNEL_LAUNCHER_H_
#define PQA_HOST_XRT_XRT_KERNEL_LAUNCHER_H_

#include <memory>
#include <mutex>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "host/accel/kernel_launcher.h"
#include "host/xrt/xrt_flicker_kernel.h"
#include "host/xrt/xrt_program.h"
#include "host/xrt/xrt_window_kernel.h"

namespace pqa::xrt {

class XrtKernelLauncher : public accel::KernelLauncher {
 public:
  // Buffers are allocated at the first run of each kernel.
  explicit XrtKernelLauncher(std::shared_ptr<XrtProgram> program) : program_(std::move(program)) {}

  void RunWindowKernel(const float* samples, const kernels::WindowJob* jobs,
                       const float* coefficients, kernels::WindowOutput* out, unsigned n_jobs,
                       unsigned taps, unsigned phases) override;
  void RunFlickerKernel(const float* samples, unsigned n,
                        const kernels::FlickerCoefficients* coefficients,
                        kernels::FlickerState* state, float* pinst, unsigned* histogram,
                        unsigned classify_from) override;

  // The card's first failure (XrtProgram::fault), OK while all runs succeed.
  absl::Status status() const { return program_->fault(); }
  // For tests: the window kernel's buffers (null before the first run).
  XrtWindowKernel* window_kernel() { return window_.get(); }
  XrtFlickerKernel* flicker_kernel() { return flicker_.get(); }

 private:
  absl::Status RunWindow(const float* samples, const kernels::WindowJob* jobs,
                         const float* coefficients, kernels::WindowOutput* out, unsigned n_jobs,
                         unsigned taps, unsigned phases);
  absl::Status RunFlicker(const float* samples, unsigned n,
                          const kernels::FlickerCoefficients& coefficients,
                          kernels::FlickerState& state, float* pinst, unsigned* histogram,
                          unsigned classify_from);

  std::shared_ptr<XrtProgram> program_;
  // One caller at a time per kernel: the buffers are this launcher's.
  std::mutex window_mu_, flicker_mu_;
  std::unique_ptr<XrtWindowKernel> window_ ABSL_GUARDED_BY(window_mu_);
  std::unique_ptr<XrtFlickerKernel> flicker_ ABSL_GUARDED_BY(flicker_mu_);
};

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_KERNEL_LAUNCHER_H_
