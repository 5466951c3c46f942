#include "host/xrt/xrt_kernel_launcher.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "hls/kernels/flicker_kernel.h"
#include "host/common/status_macros.h"

namespace pqa::xrt {
namespace {

namespace k = ::pqa::kernels;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

// Every value of a window record NaN and the window flagged: not measured
// (the phase mask stays).
void MarkNotMeasured(const k::WindowJob& job, k::WindowOutput& out) {
  static_assert(sizeof(k::WindowOutput) % sizeof(float) == 0);
  out = k::WindowOutput{};
  float* first = &out.rms_v[0];
  std::fill(first, first + (sizeof(k::WindowOutput) - 2 * sizeof(std::uint32_t)) / sizeof(float),
            kNaN);
  out.phase_mask = job.phase_mask;
  out.flags = k::kWindowFlagUnrepresentable;  // the engine neither aggregates nor records it
}

}  // namespace

void XrtKernelLauncher::RunWindowKernel(const float* samples, const k::WindowJob* jobs,
                                        const float* coefficients, k::WindowOutput* out,
                                        unsigned n_jobs, unsigned taps, unsigned phases) {
  std::lock_guard<std::mutex> lock(window_mu_);
  absl::Status st = program_->fault();
  if (st.ok()) st = RunWindow(samples, jobs, coefficients, out, n_jobs, taps, phases);
  if (st.ok()) return;
  program_->RecordFault(st);
  for (unsigned j = 0; j < n_jobs; ++j) MarkNotMeasured(jobs[j], out[j]);
}

absl::Status XrtKernelLauncher::RunWindow(const float* samples, const k::WindowJob* jobs,
                                          const float* coefficients, k::WindowOutput* out,
                                          unsigned n_jobs, unsigned taps, unsigned phases) {
  if (!window_) {
    PQA_ASSIGN_OR_RETURN(window_, XrtWindowKernel::Create(program_, accel::kMaxWindowJobsPerCall));
  }
  return window_->Run(samples, jobs, coefficients, out, n_jobs, taps, phases);
}

void XrtKernelLauncher::RunFlickerKernel(const float* samples, unsigned n,
                                         const k::FlickerCoefficients* coefficients,
                                         k::FlickerState* state, float* pinst, unsigned* histogram,
                                         unsigned classify_from) {
  std::lock_guard<std::mutex> lock(flicker_mu_);
  const unsigned count = k::FlickerOutputs(*state, *coefficients, n);
  absl::Status st = program_->fault();
  if (st.ok()) st = RunFlicker(samples, n, *coefficients, *state, pinst, histogram, classify_from);
  if (st.ok()) return;
  program_->RecordFault(st);
  std::fill(pinst, pinst + count, kNaN);
}

absl::Status XrtKernelLauncher::RunFlicker(const float* samples, unsigned n,
                                           const k::FlickerCoefficients& coefficients,
                                           k::FlickerState& state, float* pinst,
                                           unsigned* histogram, unsigned classify_from) {
  if (n == 0) return absl::OkStatus();
  const unsigned count = k::FlickerOutputs(state, coefficients, n);
  if (!flicker_) {
    PQA_ASSIGN_OR_RETURN(flicker_, XrtFlickerKernel::Create(program_));
  }
  // Without a host histogram nothing may be classified (the kernel writes
  // only classes of values at or past classify_from).
  if (histogram == nullptr) classify_from = std::max(classify_from, count);
  PQA_RETURN_IF_ERROR(flicker_->SetCoefficients(coefficients));
  PQA_RETURN_IF_ERROR(flicker_->WriteState(state));
  if (histogram != nullptr) PQA_RETURN_IF_ERROR(flicker_->WriteHistogram(histogram));
  PQA_RETURN_IF_ERROR(flicker_->FillSamples(0, samples, n));
  PQA_RETURN_IF_ERROR(flicker_->Start(0, classify_from));
  PQA_RETURN_IF_ERROR(flicker_->Wait(0));
  PQA_RETURN_IF_ERROR(flicker_->ReadState(state));
  if (histogram != nullptr) PQA_RETURN_IF_ERROR(flicker_->ReadHistogram(histogram));
  std::vector<float> values;
  PQA_RETURN_IF_ERROR(flicker_->ReadPinst(0, count, values));
  std::copy(values.begin(), values.end(), pinst);
  return absl::OkStatus();
}

}  // namespace pqa::xrt
