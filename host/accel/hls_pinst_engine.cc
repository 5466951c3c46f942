#include "host/accel/hls_pinst_engine.h"

#include <algorithm>
#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "hls/kernels/flicker_kernel.h"
#include "host/common/status_macros.h"
#include "host/flicker/pinst_chain.h"

namespace pqa::accel {
namespace {

namespace k = ::pqa::kernels;

k::Biquad ToKernel(const flicker::BiquadCoefficients& c) {
  return {static_cast<float>(c.b0), static_cast<float>(c.b1), static_cast<float>(c.b2),
          static_cast<float>(c.a1), static_cast<float>(c.a2)};
}

}  // namespace

absl::StatusOr<HlsPinstEngine::Design> HlsPinstEngine::DesignFor(
    const flicker::FlickerConfig& config) {
  // The golden chain designs every coefficient; the kernel only runs them.
  // Its decimation is bounded by the kernel's FIR buffer: above
  // kMaxDecimation x 400 Hz = 51.2 kS/s the chain runs faster than the
  // golden one's ~400 Hz (up to 1.56 kHz at 200 kS/s, as before).
  const double target_hz = std::max(flicker::PinstChain::kTargetInternalRateHz,
                                    config.sample_rate_hz / k::kMaxDecimation);
  const flicker::PinstChain chain(config, target_hz);
  const int d = chain.decimation();
  if (d > k::kMaxDecimation) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "hls backend: sample_rate_hz %g needs decimation %d, the flicker kernel takes up to %d",
        config.sample_rate_hz, d, k::kMaxDecimation));
  }
  const std::vector<flicker::BiquadCoefficients> butterworth = chain.demodulation_coefficients();
  const std::vector<flicker::BiquadCoefficients> weighting = chain.weighting_coefficients();
  if (butterworth.size() != k::kButterworthSections || weighting.size() != k::kWeightingSections) {
    return absl::InternalError(absl::StrFormat(
        "hls backend: flicker filters of %d and %d sections, the kernel has %d and %d",
        butterworth.size(), weighting.size(), k::kButterworthSections, k::kWeightingSections));
  }
  Design design;
  k::FlickerCoefficients& c = design.coefficients;
  c.decimation = static_cast<std::uint32_t>(d);
  c.warm_up_steps = static_cast<std::uint32_t>(chain.warm_up_steps());
  const std::vector<double>& fir = chain.decimator().phase_taps();
  for (std::size_t i = 0; i < fir.size(); ++i) c.fir[i] = static_cast<float>(fir[i]);
  for (int s = 0; s < k::kButterworthSections; ++s) c.butterworth[s] = ToKernel(butterworth[s]);
  for (int s = 0; s < k::kWeightingSections; ++s) c.weighting[s] = ToKernel(weighting[s]);
  c.adaptor_alpha = static_cast<float>(chain.adaptor_alpha());
  c.high_pass_alpha = static_cast<float>(chain.high_pass_alpha());
  c.mean_alpha = static_cast<float>(chain.mean_alpha());
  c.scale = static_cast<float>(chain.pinst_scale());
  design.internal_rate_hz = chain.internal_rate_hz();
  return design;
}

absl::StatusOr<std::unique_ptr<flicker::PinstEngine>> HlsPinstEngine::Create(
    const flicker::FlickerConfig& config, std::shared_ptr<KernelLauncher> kernels) {
  PQA_ASSIGN_OR_RETURN(Design design, DesignFor(config));
  std::unique_ptr<HlsPinstEngine> e(new HlsPinstEngine());
  e->kernels_ = std::move(kernels);
  e->coefficients_ = design.coefficients;
  e->internal_rate_hz_ = design.internal_rate_hz;
  return std::unique_ptr<flicker::PinstEngine>(std::move(e));
}

bool HlsPinstEngine::warmed_up() const {
  const std::uint64_t steps = (static_cast<std::uint64_t>(state_.steps_hi) << 32) | state_.steps_lo;
  return steps > coefficients_.warm_up_steps;
}

void HlsPinstEngine::Process(const double* x, std::size_t n, std::size_t stride,
                             std::vector<flicker::PinstValue>& out) {
  const std::size_t d = coefficients_.decimation;
  for (std::size_t done = 0; done < n;) {
    const std::size_t chunk = std::min<std::size_t>(n - done, k::kMaxFlickerBlock);
    samples_.resize(chunk);
    for (std::size_t i = 0; i < chunk; ++i) {
      samples_[i] = static_cast<float>(x[(done + i) * stride]);
    }
    // The first output completes at the input that fills the current block of D.
    const std::size_t first_completed = d - 1 - state_.phase;
    const unsigned count = k::FlickerOutputs(state_, coefficients_, static_cast<unsigned>(chunk));
    pinst_.resize(count);
    kernels_->RunFlickerKernel(samples_.data(), static_cast<unsigned>(chunk), &coefficients_,
                               &state_, pinst_.data(), nullptr,
                               count);  // classification stays on the host
    for (unsigned i = 0; i < count; ++i) {
      out.push_back({done + first_completed + i * d, static_cast<double>(pinst_[i])});
    }
    done += chunk;
  }
}

std::unique_ptr<flicker::PinstEngine> HlsPinstEngine::Clone() const {
  return std::unique_ptr<flicker::PinstEngine>(new HlsPinstEngine(*this));
}

}  // namespace pqa::accel
