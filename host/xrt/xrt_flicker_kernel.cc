#include "host/xrt/xrt_flicker_kernel.h"

#include <cstring>
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

constexpr std::size_t kHistogramBytes = k::kPinstClasses * sizeof(std::uint32_t);

}  // namespace

absl::StatusOr<std::unique_ptr<XrtFlickerKernel>> XrtFlickerKernel::Create(
    std::shared_ptr<XrtProgram> program, unsigned block_samples) {
  if (block_samples < 1 || block_samples > static_cast<unsigned>(k::kMaxFlickerBlock)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "flicker block of %d samples, the kernel takes 1..%d", block_samples, k::kMaxFlickerBlock));
  }
  std::unique_ptr<XrtFlickerKernel> f(new XrtFlickerKernel());
  PQA_ASSIGN_OR_RETURN(f->kernel_, program->OpenFlickerKernel());
  f->program_ = std::move(program);
  f->block_samples_ = block_samples;
  XrtProgram& p = *f->program_;
  PQA_ASSIGN_OR_RETURN(f->coefficients_, AllocateBuffer(p, f->kernel_, flicker_arg::kCoefficients,
                                                        sizeof(k::FlickerCoefficients)));
  PQA_ASSIGN_OR_RETURN(f->state_,
                       AllocateBuffer(p, f->kernel_, flicker_arg::kState, sizeof(k::FlickerState)));
  PQA_ASSIGN_OR_RETURN(f->histogram_,
                       AllocateBuffer(p, f->kernel_, flicker_arg::kHistogram, kHistogramBytes));
  // Pinst values per run: (phase + n) / D <= n for any D >= 1 and phase < D.
  for (int s = 0; s < kSets; ++s) {
    PQA_ASSIGN_OR_RETURN(f->samples_[s], AllocateBuffer(p, f->kernel_, flicker_arg::kSamples,
                                                        block_samples * sizeof(float)));
    PQA_ASSIGN_OR_RETURN(f->pinst_[s], AllocateBuffer(p, f->kernel_, flicker_arg::kPinst,
                                                      block_samples * sizeof(float)));
    PQA_RETURN_IF_ERROR(XrtCall("mapping a samples buffer", absl::StatusCode::kUnavailable,
                                [&] { f->host_samples_[s] = f->samples_[s].map<float*>(); }));
  }
  // A fresh engine starts from zeros ("just started", buffer contract).
  PQA_RETURN_IF_ERROR(f->WriteState(k::FlickerState{}));
  const std::vector<std::uint32_t> zeros(k::kPinstClasses, 0);
  PQA_RETURN_IF_ERROR(f->WriteHistogram(zeros.data()));
  return f;
}

::xrt::bo& XrtFlickerKernel::buffer(int arg, int set) {
  switch (arg) {
    case flicker_arg::kSamples:
      return samples_[static_cast<std::size_t>(set)];
    case flicker_arg::kPinst:
      return pinst_[static_cast<std::size_t>(set)];
    case flicker_arg::kCoefficients:
      return coefficients_;
    case flicker_arg::kState:
      return state_;
    default:
      return histogram_;
  }
}

absl::Status XrtFlickerKernel::SetCoefficients(const k::FlickerCoefficients& c) {
  if (sent_coefficients_ &&
      std::memcmp(&*sent_coefficients_, &c, sizeof(k::FlickerCoefficients)) == 0) {
    return absl::OkStatus();
  }
  PQA_RETURN_IF_ERROR(Upload(coefficients_, &c, sizeof(c)));
  sent_coefficients_ = c;
  return absl::OkStatus();
}

absl::Status XrtFlickerKernel::WriteState(const k::FlickerState& state) {
  return Upload(state_, &state, sizeof(state));
}

absl::Status XrtFlickerKernel::ReadState(k::FlickerState& state) {
  return Download(state_, &state, sizeof(state));
}

absl::Status XrtFlickerKernel::WriteHistogram(const std::uint32_t* counts) {
  return Upload(histogram_, counts, kHistogramBytes);
}

absl::Status XrtFlickerKernel::ReadHistogram(std::uint32_t* counts) {
  return Download(histogram_, counts, kHistogramBytes);
}

absl::Status XrtFlickerKernel::CheckSet(int set, bool must_be_idle) const {
  if (set < 0 || set >= kSets) {
    return absl::InvalidArgumentError(
        absl::StrFormat("buffer set %d, expected 0..%d", set, kSets - 1));
  }
  if (must_be_idle && runs_[static_cast<std::size_t>(set)].has_value()) {
    return absl::FailedPreconditionError(
        absl::StrFormat("buffer set %d is in use by a run that was not waited for", set));
  }
  return absl::OkStatus();
}

absl::StatusOr<float*> XrtFlickerKernel::SamplesToFill(int set, std::size_t n) {
  PQA_RETURN_IF_ERROR(CheckSet(set, true));
  if (n < 1 || n > block_samples_) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d samples for a block of 1..%d", n, block_samples_));
  }
  return host_samples_[static_cast<std::size_t>(set)];
}

absl::Status XrtFlickerKernel::SendSamples(int set, std::size_t n) {
  const auto s = static_cast<std::size_t>(set);
  filled_[s] = 0;
  PQA_RETURN_IF_ERROR(XrtCall("sending a flicker block", absl::StatusCode::kUnavailable, [&] {
    samples_[s].sync(XCL_BO_SYNC_BO_TO_DEVICE, n * sizeof(float), 0);
  }));
  filled_[s] = static_cast<unsigned>(n);
  return absl::OkStatus();
}

absl::Status XrtFlickerKernel::FillSamples(int set, const double* x, std::size_t n,
                                           std::size_t stride) {
  PQA_ASSIGN_OR_RETURN(float* dst, SamplesToFill(set, n));
  for (std::size_t i = 0; i < n; ++i) dst[i] = static_cast<float>(x[i * stride]);
  return SendSamples(set, n);
}

absl::Status XrtFlickerKernel::FillSamples(int set, const float* x, std::size_t n) {
  PQA_ASSIGN_OR_RETURN(float* dst, SamplesToFill(set, n));
  std::memcpy(dst, x, n * sizeof(float));
  return SendSamples(set, n);
}

absl::Status XrtFlickerKernel::Start(int set, unsigned classify_from) {
  PQA_RETURN_IF_ERROR(CheckSet(set, true));
  const auto s = static_cast<std::size_t>(set);
  const unsigned n = filled_[s];
  if (n == 0) {
    return absl::FailedPreconditionError(
        absl::StrFormat("pqa_flicker_kernel started on buffer set %d before FillSamples", set));
  }
  if (!sent_coefficients_) {
    return absl::FailedPreconditionError("pqa_flicker_kernel started before SetCoefficients");
  }
  PQA_RETURN_IF_ERROR(XrtCall("starting pqa_flicker_kernel", absl::StatusCode::kUnavailable, [&] {
    runs_[s] = kernel_(samples_[s], n, coefficients_, state_, pinst_[s], histogram_, classify_from);
  }));
  if (started_sets_.size() < kTraceLength) started_sets_.push_back(set);
  return absl::OkStatus();
}

absl::Status XrtFlickerKernel::Wait(int set) {
  PQA_RETURN_IF_ERROR(CheckSet(set, false));
  std::optional<::xrt::run>& run = runs_[static_cast<std::size_t>(set)];
  if (!run) {
    return absl::FailedPreconditionError(
        absl::StrFormat("buffer set %d has no run to wait for", set));
  }
  const absl::Status st = program_->Wait(*run, "pqa_flicker_kernel");
  run.reset();
  return st;
}

absl::Status XrtFlickerKernel::ReadPinst(int set, unsigned count, std::vector<float>& out) {
  PQA_RETURN_IF_ERROR(CheckSet(set, true));
  if (count > block_samples_) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d Pinst values from a buffer of %d", count, block_samples_));
  }
  out.resize(count);
  if (count == 0) return absl::OkStatus();
  return Download(pinst_[static_cast<std::size_t>(set)], out.data(), count * sizeof(float));
}

}  // namespace pqa::xrt
