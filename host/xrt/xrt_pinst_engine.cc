#include "host/xrt/xrt_pinst_engine.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "hls/kernels/flicker_kernel.h"
#include "host/accel/hls_pinst_engine.h"
#include "host/common/status_macros.h"

namespace pqa::xrt {
namespace {

namespace k = ::pqa::kernels;

// classify_from past every output: the histogram stays on the host
// (FlickerMeter's PinstHistogram), as with the native backend.
constexpr unsigned kClassifyNone = std::numeric_limits<unsigned>::max();

}  // namespace

absl::StatusOr<std::unique_ptr<XrtPinstEngine>> XrtPinstEngine::Create(
    const flicker::FlickerConfig& config, std::shared_ptr<XrtProgram> program,
    unsigned block_samples) {
  // The buffer-filling code designs the coefficient buffer (and refuses a
  // rate the kernel cannot take); this engine only moves it to the card.
  PQA_ASSIGN_OR_RETURN(accel::HlsPinstEngine::Design design,
                       accel::HlsPinstEngine::DesignFor(config));
  std::unique_ptr<XrtPinstEngine> e(new XrtPinstEngine());
  PQA_ASSIGN_OR_RETURN(e->kernel_, XrtFlickerKernel::Create(program, block_samples));
  e->program_ = std::move(program);
  e->block_samples_ = block_samples;
  e->coefficients_ = design.coefficients;
  e->internal_rate_hz_ = design.internal_rate_hz;
  PQA_RETURN_IF_ERROR(e->kernel_->SetCoefficients(e->coefficients_));
  e->state_sent_ = true;  // XrtFlickerKernel::Create zeroed the device state
  return e;
}

void XrtPinstEngine::Clear() {
  state_ = k::FlickerState{};
  state_sent_ = false;
}

bool XrtPinstEngine::warmed_up() const {
  const std::uint64_t steps = (static_cast<std::uint64_t>(state_.steps_hi) << 32) | state_.steps_lo;
  return steps > coefficients_.warm_up_steps;
}

std::unique_ptr<flicker::PinstEngine> XrtPinstEngine::Clone() const {
  std::unique_ptr<XrtPinstEngine> c(new XrtPinstEngine());
  c->program_ = program_;
  c->block_samples_ = block_samples_;
  c->coefficients_ = coefficients_;
  c->state_ = state_;
  c->internal_rate_hz_ = internal_rate_hz_;
  absl::Status st = program_->fault();
  if (st.ok()) {
    absl::StatusOr<std::unique_ptr<XrtFlickerKernel>> kernel =
        XrtFlickerKernel::Create(program_, block_samples_);
    st = kernel.status();
    if (kernel.ok()) {
      c->kernel_ = std::move(*kernel);
      st = c->kernel_->SetCoefficients(coefficients_);
    }
  }
  // PinstEngine::Clone cannot fail: a clone without buffers yields NaN.
  program_->RecordFault(st);
  return c;
}

void XrtPinstEngine::NotMeasured(std::size_t from, std::size_t n,
                                 std::vector<flicker::PinstValue>& out) const {
  const std::size_t d = coefficients_.decimation;
  const std::size_t count =
      k::FlickerOutputs(state_, coefficients_, static_cast<unsigned>(n - from));
  const std::size_t first_completed = d - 1 - state_.phase;
  for (std::size_t i = 0; i < count; ++i) {
    out.push_back({from + first_completed + i * d, std::numeric_limits<double>::quiet_NaN()});
  }
}

void XrtPinstEngine::Process(const double* x, std::size_t n, std::size_t stride,
                             std::vector<flicker::PinstValue>& out) {
  if (n == 0) return;
  std::size_t done = 0;  // samples whose Pinst values are in `out`
  absl::Status st = program_->fault();
  if (st.ok() && kernel_ == nullptr) st = absl::InternalError("flicker engine without buffers");
  if (st.ok()) st = Pipeline(x, n, stride, out, done);
  if (st.ok()) return;
  program_->RecordFault(st);
  NotMeasured(done, n, out);
}

absl::Status XrtPinstEngine::Pipeline(const double* x, std::size_t n, std::size_t stride,
                                      std::vector<flicker::PinstValue>& out, std::size_t& done) {
  XrtFlickerKernel& kernel = *kernel_;
  if (!state_sent_) {
    PQA_RETURN_IF_ERROR(kernel.WriteState(state_));
    state_sent_ = true;
  }
  const std::size_t block = block_samples_;
  const std::size_t blocks = (n + block - 1) / block;
  auto length = [&](std::size_t b) { return std::min(block, n - b * block); };
  auto prepare = [&](std::size_t b) {
    return kernel.FillSamples(static_cast<int>(b % 2), x + b * block * stride, length(b), stride);
  };
  // On any failure, no run may be left writing into a buffer.
  auto drain = [&](const absl::Status& st) {
    for (int s = 0; s < XrtFlickerKernel::kSets; ++s) {
      if (kernel.running(s)) (void)kernel.Wait(s);
    }
    return st;
  };
  const std::size_t d = coefficients_.decimation;
  // Buffer contract: FlickerState.phase is the position of the next input
  // sample in its block of D, so after n more samples it is (phase + n) mod D.
  // The host follows it instead of reading the state between runs, which
  // would put a transfer between every two runs.
  k::FlickerState block_start = state_;
  PQA_RETURN_IF_ERROR(prepare(0));
  PQA_RETURN_IF_ERROR(kernel.Start(0, kClassifyNone));
  for (std::size_t b = 0; b < blocks; ++b) {
    const int set = static_cast<int>(b % 2);
    // While block b runs: block b+1 converted and sent into the other set.
    if (b + 1 < blocks) {
      if (absl::Status st = prepare(b + 1); !st.ok()) return drain(st);
    }
    if (absl::Status st = kernel.Wait(set); !st.ok()) return drain(st);
    if (b + 1 < blocks) {
      if (absl::Status st = kernel.Start(1 - set, kClassifyNone); !st.ok()) return drain(st);
    }
    // While block b+1 runs: block b's Pinst to the host.
    const unsigned count =
        k::FlickerOutputs(block_start, coefficients_, static_cast<unsigned>(length(b)));
    if (absl::Status st = kernel.ReadPinst(set, count, pinst_); !st.ok()) return drain(st);
    // The first output completes at the input that fills the current block of D.
    const std::size_t first_completed = b * block + d - 1 - block_start.phase;
    for (unsigned i = 0; i < count; ++i) {
      out.push_back({first_completed + i * d, static_cast<double>(pinst_[i])});
    }
    block_start.phase = static_cast<std::uint32_t>((block_start.phase + length(b)) % d);
    done = b * block + length(b);
  }
  // The device's state after the last run: warm-up, clones, the next call.
  return kernel.ReadState(state_);
}

}  // namespace pqa::xrt
