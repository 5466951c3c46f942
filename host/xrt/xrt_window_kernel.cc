#include "host/xrt/xrt_window_kernel.h"

#include <algorithm>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "host/common/status_macros.h"
#include "host/xrt/buffer_object.h"
#include "host/xrt/kernel_signatures.h"
#include "host/xrt/xrt_status.h"

namespace pqa::xrt {
namespace {

namespace k = ::pqa::kernels;

constexpr std::size_t kMaxCoefficients =
    2 * static_cast<std::size_t>(k::kMaxResamplerPhases) * k::kMaxResamplerTaps;

}  // namespace

absl::StatusOr<std::unique_ptr<XrtWindowKernel>> XrtWindowKernel::Create(
    std::shared_ptr<XrtProgram> program, unsigned max_jobs) {
  if (max_jobs < 1) return absl::InvalidArgumentError("max_jobs must be >= 1");
  std::unique_ptr<XrtWindowKernel> w(new XrtWindowKernel());
  PQA_ASSIGN_OR_RETURN(w->kernel_, program->OpenWindowKernel());
  w->program_ = std::move(program);
  w->max_jobs_ = max_jobs;
  XrtProgram& p = *w->program_;
  const std::size_t jobs = max_jobs;
  PQA_ASSIGN_OR_RETURN(
      w->samples_, AllocateBuffer(p, w->kernel_, window_arg::kSamples,
                                  jobs * k::kChannelSlots * k::kMaxSpanSamples * sizeof(float)));
  PQA_ASSIGN_OR_RETURN(
      w->jobs_, AllocateBuffer(p, w->kernel_, window_arg::kJobs, jobs * sizeof(k::WindowJob)));
  PQA_ASSIGN_OR_RETURN(w->coefficients_, AllocateBuffer(p, w->kernel_, window_arg::kCoefficients,
                                                        kMaxCoefficients * sizeof(float)));
  PQA_ASSIGN_OR_RETURN(
      w->out_, AllocateBuffer(p, w->kernel_, window_arg::kOut, jobs * sizeof(k::WindowOutput)));
  return w;
}

::xrt::bo& XrtWindowKernel::buffer(int arg) {
  switch (arg) {
    case window_arg::kSamples:
      return samples_;
    case window_arg::kJobs:
      return jobs_;
    case window_arg::kCoefficients:
      return coefficients_;
    default:
      return out_;
  }
}

absl::Status XrtWindowKernel::Run(const float* samples, const k::WindowJob* jobs,
                                  const float* coefficients, k::WindowOutput* out, unsigned n_jobs,
                                  unsigned taps, unsigned phases) {
  if (n_jobs < 1 || n_jobs > max_jobs_) {
    return absl::InvalidArgumentError(
        absl::StrFormat("pqa_window_kernel: n_jobs %d, the buffers hold 1..%d", n_jobs, max_jobs_));
  }
  if (taps < 4 || taps > k::kMaxResamplerTaps || taps % 4 != 0 || phases < 16 ||
      phases > k::kMaxResamplerPhases) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "pqa_window_kernel: resampler of %d taps x %d phases, expected a multiple of 4 in 4..%d "
        "taps and 16..%d phases (hls/kernels/window_kernel.h)",
        taps, phases, k::kMaxResamplerTaps, k::kMaxResamplerPhases));
  }
  // Buffer contract: job j reads WindowJobSlots(job) x span_samples floats
  // from its offset (voltages; currents; derived power voltages).
  std::size_t sample_floats = 0;
  for (unsigned j = 0; j < n_jobs; ++j) {
    const k::WindowJob& job = jobs[j];
    if (job.span_samples < 1 || job.span_samples > k::kMaxSpanSamples) {
      return absl::InvalidArgumentError(
          absl::StrFormat("pqa_window_kernel: job %d spans %d samples, expected 1..%d", j,
                          job.span_samples, k::kMaxSpanSamples));
    }
    const std::uint64_t offset =
        (static_cast<std::uint64_t>(job.sample_offset_hi) << 32) | job.sample_offset_lo;
    sample_floats = std::max<std::size_t>(
        sample_floats,
        offset + static_cast<std::size_t>(k::WindowJobSlots(job)) * job.span_samples);
  }
  if (sample_floats * sizeof(float) > samples_.size()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("pqa_window_kernel: the jobs read %d samples, the buffer holds %d",
                        sample_floats, samples_.size() / sizeof(float)));
  }
  PQA_RETURN_IF_ERROR(Upload(samples_, samples, sample_floats * sizeof(float)));
  PQA_RETURN_IF_ERROR(Upload(jobs_, jobs, n_jobs * sizeof(k::WindowJob)));
  // The resampler table changes only with the sample rate: send it then.
  const std::size_t n_coefficients = 2 * static_cast<std::size_t>(taps) * phases;
  if (sent_coefficients_.size() != n_coefficients ||
      !std::equal(coefficients, coefficients + n_coefficients, sent_coefficients_.begin())) {
    PQA_RETURN_IF_ERROR(Upload(coefficients_, coefficients, n_coefficients * sizeof(float)));
    sent_coefficients_.assign(coefficients, coefficients + n_coefficients);
    ++uploads_;
  }
  ::xrt::run run;
  PQA_RETURN_IF_ERROR(XrtCall("starting pqa_window_kernel", absl::StatusCode::kUnavailable, [&] {
    run = kernel_(samples_, jobs_, coefficients_, out_, n_jobs, taps, phases);
  }));
  PQA_RETURN_IF_ERROR(program_->Wait(run, "pqa_window_kernel"));
  PQA_RETURN_IF_ERROR(Download(out_, out, n_jobs * sizeof(k::WindowOutput)));
  ++runs_;
  return absl::OkStatus();
}

}  // namespace pqa::xrt
