// pqa_window_kernel on a card: its four buffer objects, sized by
// hls/kernels/buffer_contract.h, and one synchronous run. The host buffers
// (filled by accel::HlsWindowAnalysis, the same code as the native backend)
// are copied in, the kernel runs, `out` is copied back.
//
// One run per block: the measurement engine hands the windows a block
// completes to WindowAnalysis::AnalyseBatch, which sends them as n_jobs jobs
// (up to accel::kMaxWindowJobsPerCall) in one run and wants their results
// before it returns.
#ifndef PQA_HOST_XRT_XRT_WINDOW_KERNEL_H_
#define PQA_HOST_XRT_XRT_WINDOW_KERNEL_H_

#include <cstdint>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "hls/kernels/buffer_contract.h"
#include "host/xrt/xrt_program.h"
#include "xrt/xrt_bo.h"
#include "xrt/xrt_kernel.h"

namespace pqa::xrt {

class XrtWindowKernel {
 public:
  // Buffers for up to `max_jobs` jobs (>= 1) per run: samples for
  // max_jobs x kChannelSlots x kMaxSpanSamples floats (the voltages, the
  // currents and the derived power voltages of each job), the largest resampler
  // table (2 x kMaxResamplerPhases x kMaxResamplerTaps floats), max_jobs
  // WindowJob and WindowOutput records.
  static absl::StatusOr<std::unique_ptr<XrtWindowKernel>> Create(
      std::shared_ptr<XrtProgram> program, unsigned max_jobs = 1);

  // Arguments exactly as pqa_window_kernel (hls/kernels/window_kernel.h).
  // Errors name the argument outside the contract, or the XRT failure.
  absl::Status Run(const float* samples, const kernels::WindowJob* jobs, const float* coefficients,
                   kernels::WindowOutput* out, unsigned n_jobs, unsigned taps, unsigned phases);

  // The buffer objects, by kernel argument index (window_arg::kSamples...),
  // for tests that read back what reached the device.
  ::xrt::bo& buffer(int arg);
  std::int64_t runs() const { return runs_; }                    // runs completed
  std::int64_t coefficient_uploads() const { return uploads_; }  // resampler tables sent

 private:
  XrtWindowKernel() = default;

  std::shared_ptr<XrtProgram> program_;
  ::xrt::kernel kernel_;
  unsigned max_jobs_ = 1;
  ::xrt::bo samples_, jobs_, coefficients_, out_;
  std::vector<float> sent_coefficients_;  // what the device holds, to skip re-sending
  std::int64_t runs_ = 0;
  std::int64_t uploads_ = 0;
};

}  // namespace pqa::xrt

#endif  // PQA_HOST_XRT_XRT_WINDOW_KERNEL_H_
