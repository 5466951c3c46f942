#include "host/accel/kernel_launcher.h"

#include "hls/kernels/flicker_kernel.h"
#include "hls/kernels/window_kernel.h"

namespace pqa::accel {
namespace {

class NativeLauncher : public KernelLauncher {
 public:
  void RunWindowKernel(const float* samples, const kernels::WindowJob* jobs,
                       const float* coefficients, kernels::WindowOutput* out, unsigned n_jobs,
                       unsigned taps, unsigned phases) override {
    pqa_window_kernel(samples, jobs, coefficients, out, n_jobs, taps, phases);
  }
  void RunFlickerKernel(const float* samples, unsigned n,
                        const kernels::FlickerCoefficients* coefficients,
                        kernels::FlickerState* state, float* pinst, unsigned* histogram,
                        unsigned classify_from) override {
    pqa_flicker_kernel(samples, n, coefficients, state, pinst, histogram, classify_from);
  }
};

}  // namespace

std::shared_ptr<KernelLauncher> NativeKernels() {
  static const std::shared_ptr<KernelLauncher> native = std::make_shared<NativeLauncher>();
  return native;
}

}  // namespace pqa::accel
