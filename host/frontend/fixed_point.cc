#include "host/frontend/fixed_point.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace pqa::frontend {

absl::StatusOr<AdcScale> MakeAdcScale(double peak_volts, int sample_width) {
  if (sample_width < 8 || sample_width > 32) {
    return absl::InvalidArgumentError(
        absl::StrFormat("ADC sample width %d bits: expected 8..32", sample_width));
  }
  if (!(peak_volts > 0) || !std::isfinite(peak_volts)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("ADC full scale %g V: expected a finite value > 0", peak_volts));
  }
  const double max_code = std::ldexp(1.0, sample_width - 1) - 1.0;
  return AdcScale{peak_volts / max_code, sample_width};
}

int32_t VoltsToCode(const AdcScale& scale, double volts) {
  // Exact powers of two from integer shifts: ldexp() cost more than the rest.
  const auto half_range = static_cast<double>(int64_t{1} << (scale.sample_width - 1));
  const double max_code = half_range - 1.0;
  const double min_code = -half_range;
  const double code = std::nearbyint(volts / scale.volts_per_code);
  if (std::isnan(code)) return 0;
  return static_cast<int32_t>(std::clamp(code, min_code, max_code));
}

double CodeToVolts(const AdcScale& scale, int32_t code) { return code * scale.volts_per_code; }

double MeanSquareToRmsVolts(const AdcScale& scale, uint64_t mean_square) {
  return std::sqrt(static_cast<double>(mean_square)) * scale.volts_per_code;
}

uint64_t RmsVoltsToMeanSquare(const AdcScale& scale, double rms_volts) {
  const double rms_codes = rms_volts / scale.volts_per_code;
  return static_cast<uint64_t>(std::llround(rms_codes * rms_codes));
}

absl::StatusOr<uint16_t> PuToQ15(double pu) {
  const double q = std::nearbyint(pu * 32768.0);
  if (!(q >= 0 && q <= 65535)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("per-unit level %g: expected 0 <= pu < 2 (Q1.15)", pu));
  }
  return static_cast<uint16_t>(q);
}

double Q15ToPu(uint16_t q15) { return q15 / 32768.0; }

}  // namespace pqa::frontend
