#include "host/measure/sinc_resampler.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace pqa::measure {
namespace {

constexpr int kMaxHalfWidth = 64;
constexpr std::size_t kMaxChannels = 8;

double Sinc(double x) {
  if (x == 0) return 1.0;
  const double px = std::numbers::pi * x;
  return std::sin(px) / px;
}

// Kaiser's beta for a given attenuation (Oppenheim & Schafer 7.76).
double KaiserBeta(double attenuation_db) {
  if (attenuation_db > 50) return 0.1102 * (attenuation_db - 8.7);
  if (attenuation_db >= 21) {
    return 0.5842 * std::pow(attenuation_db - 21, 0.4) + 0.07886 * (attenuation_db - 21);
  }
  return 0;
}

}  // namespace

absl::StatusOr<SincResampler> SincResampler::Create(const ResamplerDesign& design) {
  if (!(design.passband > 0 && design.passband < 0.5)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("resampler design: passband %g cycles/sample, expected 0 < passband < 0.5",
                        design.passband));
  }
  if (!(design.stopband > design.passband)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("resampler design: stopband %g cycles/sample must exceed passband %g",
                        design.stopband, design.passband));
  }
  if (!(design.attenuation_db >= 40 && design.attenuation_db <= 150)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "resampler design: attenuation_db %g, expected 40..150", design.attenuation_db));
  }
  if (design.phases < 16 || design.phases > 4096) {
    return absl::InvalidArgumentError(
        absl::StrFormat("resampler design: phases %d, expected 16..4096", design.phases));
  }
  // Kaiser's length estimate (Oppenheim & Schafer 7.77): taps - 1 =
  // (A - 8) / (2.285 dw), dw the transition width in radians per sample.
  const double transition = 2 * std::numbers::pi * (design.stopband - design.passband);
  const double taps = (design.attenuation_db - 7.95) / (2.285 * transition) + 1;
  const int half_width = std::max(4, static_cast<int>(std::ceil(taps / 2)));
  if (half_width > kMaxHalfWidth) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "resampler design: passband %g and stopband %g cycles/sample need %d taps either side, "
        "more than %d; widen the transition band",
        design.passband, design.stopband, half_width, kMaxHalfWidth));
  }

  SincResampler r;
  r.half_width_ = half_width;
  r.phases_ = design.phases;
  // Cutoff midway through the transition band, never above the input Nyquist
  // frequency's image point (1 - passband keeps the passband flat).
  r.cutoff_ = std::min(0.5, 0.5 * (design.passband + design.stopband));
  const double beta = KaiserBeta(design.attenuation_db);
  const double i0_beta = std::cyl_bessel_i(0.0, beta);
  const int taps_per_row = 2 * half_width;
  std::vector<double> rows(static_cast<std::size_t>((design.phases + 1) * taps_per_row));
  for (int p = 0; p <= design.phases; ++p) {
    const double frac = static_cast<double>(p) / design.phases;
    double* row = &rows[static_cast<std::size_t>(p * taps_per_row)];
    double sum = 0;
    for (int j = 0; j < taps_per_row; ++j) {
      // Distance from the output instant to input sample floor(t) - K + 1 + j.
      const double x = frac + half_width - 1 - j;
      const double u = x / half_width;
      const double window =
          std::abs(u) >= 1 ? 0.0 : std::cyl_bessel_i(0.0, beta * std::sqrt(1 - u * u)) / i0_beta;
      row[j] = 2 * r.cutoff_ * Sinc(2 * r.cutoff_ * x) * window;
      sum += row[j];
    }
    // Unity gain at DC for every offset: a constant stays exactly constant.
    for (int j = 0; j < taps_per_row; ++j) row[j] /= sum;
  }
  r.table_.assign(rows.begin(), rows.end() - taps_per_row);
  r.slope_.resize(r.table_.size());
  for (std::size_t i = 0; i < r.slope_.size(); ++i) {
    r.slope_[i] = rows[i + static_cast<std::size_t>(taps_per_row)] - rows[i];
  }
  return r;
}

void SincResampler::Resample(const double* const* in, std::size_t channel_count, double first,
                             double step, std::size_t count, double* const* out) const {
  const int taps = 2 * half_width_;
  std::array<double, 2 * kMaxHalfWidth> weights;
  channel_count = std::min(channel_count, kMaxChannels);
  for (std::size_t m = 0; m < count; ++m) {
    const double t = first + static_cast<double>(m) * step;
    const double base = std::floor(t);
    const double scaled = (t - base) * phases_;
    int p = static_cast<int>(scaled);
    if (p >= phases_) p = phases_ - 1;  // t - base rounds to 1.0 for t just below an integer
    const double alpha = scaled - p;
    const double* row = &table_[static_cast<std::size_t>(p * taps)];
    const double* slope = &slope_[static_cast<std::size_t>(p * taps)];
    for (int j = 0; j < taps; ++j) weights[j] = row[j] + alpha * slope[j];
    const std::ptrdiff_t origin = static_cast<std::ptrdiff_t>(base) - half_width_ + 1;
    for (std::size_t c = 0; c < channel_count; ++c) {
      const double* x = in[c] + origin;
      double acc = 0;
      for (int j = 0; j < taps; ++j) acc += weights[j] * x[j];
      out[c][m] = acc;
    }
  }
}

double SincResampler::At(const double* in, double position) const {
  double value = 0;
  const double* channels[] = {in};
  double* outs[] = {&value};
  Resample(channels, 1, position, 0, 1, outs);
  return value;
}

}  // namespace pqa::measure
