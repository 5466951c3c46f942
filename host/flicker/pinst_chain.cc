#include "host/flicker/pinst_chain.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "host/flicker/weighting_filter.h"

namespace pqa::flicker {
namespace {

constexpr double kHighPassHz = 0.05;          // IEC 61000-4-15 block 3
constexpr double kAdaptorTimeConstantS = 60;  // block 1
constexpr double kSlidingMeanS = 0.3;         // block 4
constexpr double kReferenceHz = 8.8;          // block 4 scaling point

int DecimationFor(double sample_rate_hz) {
  return std::max(
      1, static_cast<int>(std::lround(sample_rate_hz / PinstChain::kTargetInternalRateHz)));
}

double ExponentialAlpha(double time_constant_s, double rate_hz) {
  return -std::expm1(-1 / (time_constant_s * rate_hz));
}

// y[n] = y[n-1] + alpha (x[n] - y[n-1]).
std::complex<double> ExponentialResponse(double alpha, double f_hz, double rate_hz) {
  const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f_hz / rate_hz);
  return alpha / (1.0 - (1 - alpha) * z1);
}

}  // namespace

PinstChain::PinstChain(const FlickerConfig& config)
    : sample_rate_hz_(config.sample_rate_hz),
      internal_rate_hz_(config.sample_rate_hz / DecimationFor(config.sample_rate_hz)),
      decimator_(DecimationFor(config.sample_rate_hz)),
      demodulation_low_pass_(
          ButterworthLowPass(6, DemodulationCutoffHz(config.supply_hz), internal_rate_hz_)),
      weighting_(DigitalWeighting(ResolveLamp(config), internal_rate_hz_)),
      adaptor_alpha_(ExponentialAlpha(kAdaptorTimeConstantS, internal_rate_hz_)),
      mean_alpha_(ExponentialAlpha(kSlidingMeanS, internal_rate_hz_)),
      warm_up_steps_(std::llround(kWarmUpS * internal_rate_hz_)) {
  const double k = std::tan(std::numbers::pi * kHighPassHz / internal_rate_hz_);
  high_pass_alpha_ = 2 * k / (1 + k);
  const double ref = ConstantsFor(ResolveLamp(config)).ref_dvv / 100;
  const double a = ref * LinearGain(kReferenceHz);
  const double ripple =
      std::abs(ExponentialResponse(mean_alpha_, 2 * kReferenceHz, internal_rate_hz_));
  scale_ = 1 / (a * a / 2 * (1 + ripple));
}

double PinstChain::LinearGain(double f_hz) const {
  // Bilinear high-pass = 1 - bilinear low-pass g (1 + z^-1) / (1 - (1 - 2g) z^-1), 2g = alpha.
  const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f_hz / internal_rate_hz_);
  const double g = high_pass_alpha_ / 2;
  const std::complex<double> high_pass = 1.0 - g * (1.0 + z1) / (1.0 - (1 - 2 * g) * z1);
  return std::abs(decimator_.Response(f_hz, sample_rate_hz_) *
                  Response(demodulation_low_pass_.coefficients(), f_hz, internal_rate_hz_) *
                  high_pass * Response(weighting_.coefficients(), f_hz, internal_rate_hz_));
}

void PinstChain::Clear() {
  decimator_.Clear();
  demodulation_low_pass_.Clear();
  weighting_.Clear();
  steps_ = 0;
  mean_rms_ = high_pass_dc_ = previous_normalised_ = sliding_mean_ = 0;
}

double PinstChain::Step(double demodulated) {
  const double w = demodulation_low_pass_.Step(demodulated);
  if (!std::isfinite(w)) return w;  // the caller restarts the chain
  if (++steps_ <= warm_up_steps_) return 0;
  const double k = static_cast<double>(steps_ - warm_up_steps_);
  // Block 1: mean RMS over the last minute; expanding mean until 1/k < alpha.
  const double rms = std::sqrt(std::max(w, 0.0));
  mean_rms_ += std::max(adaptor_alpha_, 1 / k) * (rms - mean_rms_);
  const double r2 = mean_rms_ * mean_rms_;
  const double normalised = r2 > 0 ? w / r2 : 0;  // a dead channel gives 0, not NaN
  if (k == 1) previous_normalised_ = normalised;
  // Block 3: high-pass as the input minus its bilinear low-pass.
  high_pass_dc_ += std::max(high_pass_alpha_, 1 / k) *
                   (0.5 * (normalised + previous_normalised_) - high_pass_dc_);
  previous_normalised_ = normalised;
  const double f = weighting_.Step(normalised - high_pass_dc_);
  // Block 4.
  sliding_mean_ += mean_alpha_ * (f * f - sliding_mean_);
  return scale_ * sliding_mean_;
}

}  // namespace pqa::flicker
