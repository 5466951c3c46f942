#include "host/measure/zero_crossing_detector.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <type_traits>

namespace pqa::measure {
namespace {

// Butterworth pole pairs of a 4th-order low-pass: Q = 1 / (2 cos(pi/8)), 1 / (2 cos(3 pi/8)).
constexpr double kQ4a = 0.54119610014619698;
constexpr double kQ4b = 1.3065629648763766;
constexpr double kQ2 = std::numbers::sqrt2 / 2;

// Hysteresis: a crossing counts only after the signal went below this
// fraction of the previous cycle's peak.
constexpr double kArmFraction = 0.05;
// Below this fraction of the nominal peak no crossing is trusted (free-running).
constexpr double kMinPeakFraction = 0.02;
// Samples of filter settling at the start of a segment, in nominal periods.
constexpr double kSettlePeriods = 5;
// Free-run when no crossing came for this many periods.
constexpr double kTimeoutPeriods = 1.5;
// Filtered samples per nominal cycle kept by the decimation, at least.
constexpr double kMinDecimatedSamplesPerCycle = 64;

Biquad Normalised(double b0, double b1, double b2, double a0, double a1, double a2) {
  return Biquad{.b0 = b0 / a0, .b1 = b1 / a0, .b2 = b2 / a0, .a1 = a1 / a0, .a2 = a2 / a0};
}

std::complex<double> Response(const Biquad& s, double omega) {
  const std::complex<double> z1 = std::polar(1.0, -omega);
  const std::complex<double> z2 = z1 * z1;
  return (s.b0 + s.b1 * z1 + s.b2 * z2) / (1.0 + s.a1 * z1 + s.a2 * z2);
}

}  // namespace

Biquad LowPassSection(double corner_hz, double q, double sample_rate_hz) {
  const double w0 = 2 * std::numbers::pi * corner_hz / sample_rate_hz;
  const double c = std::cos(w0), alpha = std::sin(w0) / (2 * q);
  return Normalised((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

Biquad HighPassSection(double corner_hz, double q, double sample_rate_hz) {
  const double w0 = 2 * std::numbers::pi * corner_hz / sample_rate_hz;
  const double c = std::cos(w0), alpha = std::sin(w0) / (2 * q);
  return Normalised((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
}

namespace {

int DecimationFor(double sample_rate_hz, double nominal_hz) {
  return std::max(1,
                  static_cast<int>(sample_rate_hz / (nominal_hz * kMinDecimatedSamplesPerCycle)));
}

}  // namespace

ZeroCrossingDetector::ZeroCrossingDetector(double sample_rate_hz, double nominal_hz,
                                           double nominal_peak_v)
    : decimation_(DecimationFor(sample_rate_hz, nominal_hz)) {
  const double d = decimation_;
  const double filter_rate = sample_rate_hz / d;
  sections_ = {LowPassSection(nominal_hz, kQ4a, filter_rate),
               LowPassSection(nominal_hz, kQ4b, filter_rate),
               HighPassSection(nominal_hz / 5, kQ2, filter_rate)};
  const double omega = 2 * std::numbers::pi * nominal_hz / filter_rate;
  // Each second-order section's phase lies in (-pi, pi], so the sum of the
  // principal arguments is the unwrapped phase of the cascade.
  double phase = 0;
  // The boxcar average is linear-phase about the group's centre (accounted
  // for where positions are mapped back) with this gain at the fundamental.
  const double half = std::numbers::pi * nominal_hz / sample_rate_hz;
  double gain = decimation_ == 1 ? 1.0 : std::sin(half * d) / (d * std::sin(half));
  for (const Biquad& s : sections_) {
    const std::complex<double> h = Response(s, omega);
    phase += std::arg(h);
    gain *= std::abs(h);
  }
  delay_ = -phase / omega * d;
  nominal_period_ = sample_rate_hz / nominal_hz;
  period_ = nominal_period_;
  recent_.fill(nominal_period_);
  free_run_period_ = nominal_period_;
  min_peak_ = kMinPeakFraction * nominal_peak_v * gain;
  threshold_ = min_peak_;
  settle_ = static_cast<std::int64_t>(std::ceil(kSettlePeriods * nominal_period_));
  last_raw_ = static_cast<double>(settle_);
}

void ZeroCrossingDetector::Emit(double raw_position, bool synthetic, std::vector<Crossing>& out) {
  out.push_back(Crossing{.position = raw_position - delay_, .synthetic = synthetic});
  have_crossing_ = true;
  last_synthetic_ = synthetic;
  last_raw_ = raw_position;
  threshold_ = std::max(kArmFraction * cycle_peak_, min_peak_);
  cycle_peak_ = 0;
  armed_ = false;
}

void ZeroCrossingDetector::Process(const double* samples, std::size_t stride, std::size_t count,
                                   std::vector<Crossing>& out) {
  // The per-sample state lives in locals for the whole block (the compiler
  // cannot keep members in registers across the out-of-line crossing code);
  // Decide() sees the members, written back before and read again after it.
  // One decimated sample at a time in the same order whatever the block
  // boundaries, so they do not move a crossing by a bit.
  // The cascade's coefficients and state as scalars: held in an array, the
  // state went through memory on every sample.
  const Biquad lp1 = sections_[0], lp2 = sections_[1], hp = sections_[2];
  double lp1_s1 = lp1.s1, lp1_s2 = lp1.s2, lp2_s1 = lp2.s1, lp2_s2 = lp2.s2;
  double hp_s1 = hp.s1, hp_s2 = hp.s2;
  const int decimation = decimation_;
  const double d = decimation;
  // x / D and x * (1 / D) are the same correctly rounded value when D is a
  // power of two.
  const bool exact_reciprocal = (decimation & (decimation - 1)) == 0;
  const double reciprocal = 1.0 / d;
  const double centre_offset = 0.5 * (d - 1);
  const auto settle = static_cast<double>(settle_);
  int group_fill = group_fill_;
  double group_sum = group_sum_;
  std::int64_t m = decimated_index_;
  double previous = previous_;
  double cycle_peak = cycle_peak_;
  double timeout = kTimeoutPeriods * free_run_period_;
  // One boxcar group's mean through the band-pass and the crossing logic.
  const auto filtered = [&](double group_mean) {
    double y = lp1.Step(group_mean, lp1_s1, lp1_s2);
    y = lp2.Step(y, lp2_s1, lp2_s2);
    y = hp.Step(y, hp_s1, hp_s2);
    const double prev = previous;
    previous = y;
    // Filtered sample m stands for the centre of input samples m D .. m D + D - 1.
    const double now = static_cast<double>(m) * d + centre_offset;
    ++m;
    if (now <= settle) return;
    cycle_peak = std::max(cycle_peak, std::abs(y));
    if (!armed_ && y < -threshold_) armed_ = true;
    if ((armed_ && prev < 0 && y >= 0) || now - last_raw_ > timeout) {
      cycle_peak_ = cycle_peak;
      Decide(m - 1, prev, y, now, out);
      cycle_peak = cycle_peak_;
      timeout = kTimeoutPeriods * free_run_period_;
    }
  };
  const auto mean = [&](double sum) { return exact_reciprocal ? sum * reciprocal : sum / d; };
  std::size_t i = 0;
  // The group the previous block left open, then whole groups, then the
  // start of the next one.
  if (group_fill > 0) {
    for (; i < count && group_fill < decimation; ++i, ++group_fill)
      group_sum += samples[i * stride];
    if (group_fill < decimation) {
      group_fill_ = group_fill;
      group_sum_ = group_sum;
      index_ += static_cast<std::int64_t>(count);
      return;
    }
    filtered(mean(group_sum));
    group_sum = 0;
    group_fill = 0;
  }
  // Whole groups, with the usual group sizes (1 up to 127 samples per
  // nominal cycle, 4 at 256) unrolled.
  const auto whole_groups = [&](auto group) {
    for (; i + group <= count; i += group) {
      double sum = 0;  // summed from 0 as in the open-group path: -0 + 0 is +0
      const double* x = samples + i * stride;
      for (std::size_t k = 0; k < group; ++k) sum += x[k * stride];
      filtered(mean(sum));
    }
  };
  switch (decimation) {
    case 1:
      whole_groups(std::integral_constant<std::size_t, 1>());
      break;
    case 2:
      whole_groups(std::integral_constant<std::size_t, 2>());
      break;
    case 4:
      whole_groups(std::integral_constant<std::size_t, 4>());
      break;
    default:
      whole_groups(static_cast<std::size_t>(decimation));
  }
  for (; i < count; ++i, ++group_fill) group_sum += samples[i * stride];
  sections_[0].s1 = lp1_s1;
  sections_[0].s2 = lp1_s2;
  sections_[1].s1 = lp2_s1;
  sections_[1].s2 = lp2_s2;
  sections_[2].s1 = hp_s1;
  sections_[2].s2 = hp_s2;
  group_fill_ = group_fill;
  group_sum_ = group_sum;
  decimated_index_ = m;
  previous_ = previous;
  cycle_peak_ = cycle_peak;
  index_ += static_cast<std::int64_t>(count);
}

void ZeroCrossingDetector::Decide(std::int64_t m, double prev, double y, double now,
                                  std::vector<Crossing>& out) {
  const double d = decimation_;
  const double centre_offset = 0.5 * (d - 1);
  if (armed_ && prev < 0 && y >= 0) {
    const double raw = (static_cast<double>(m - 1) + prev / (prev - y)) * d + centre_offset;
    const double since = raw - last_raw_;
    // Crossings closer than half a period are noise; after a synthetic
    // crossing the measured cycle may legitimately resume sooner.
    const double min_gap = (last_synthetic_ ? 0.25 : 0.5) * period_;
    if (!have_crossing_ || since >= min_gap) {
      if (have_crossing_ && !last_synthetic_) {
        period_ = std::clamp(since, 0.8 * nominal_period_, 1.25 * nominal_period_);
        recent_[recent_next_] = period_;
        recent_next_ = (recent_next_ + 1) % recent_.size();
        std::array<double, 5> sorted = recent_;
        std::nth_element(sorted.begin(), sorted.begin() + 2, sorted.end());
        free_run_period_ = sorted[2];
      }
      Emit(raw, false, out);
      return;
    }
  }
  if (now - last_raw_ > kTimeoutPeriods * free_run_period_)
    Emit(last_raw_ + free_run_period_, true, out);
}
}  // namespace pqa::measure
