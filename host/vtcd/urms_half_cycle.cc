#include "host/vtcd/urms_half_cycle.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace pqa::vtcd {

UrmsHalfCycleMeter::UrmsHalfCycleMeter(const UrmsHalfCycleConfig& config, double sample_rate_hz,
                                       TimeNs first_sample_time)
    : sample_rate_hz_(sample_rate_hz), first_sample_time_(first_sample_time) {
  nominal_half_ = sample_rate_hz / (2.0 * config.nominal_frequency_hz);
  half_period_ = nominal_half_;
  filter_length_ = std::max(2, static_cast<int>(std::lround(nominal_half_)));
  // Gain of one moving average of L samples at the nominal frequency.
  const double w = std::numbers::pi * config.nominal_frequency_hz / sample_rate_hz;
  const double stage_gain = std::sin(w * filter_length_) / (filter_length_ * std::sin(w));
  hysteresis_ = config.crossing_hysteresis_pu * std::numbers::sqrt2 * config.nominal_voltage_v *
                stage_gain * stage_gain;
  // History long enough for a half cycle of 1.5 fallback periods plus the filter delay.
  std::size_t ring = 64;
  while (ring < static_cast<std::size_t>(8 * filter_length_ + 64)) ring *= 2;
  squares_.assign(ring, 0.0);
  ring_mask_ = ring - 1;
  stage1_.assign(filter_length_, 0.0);
  stage2_.assign(filter_length_, 0.0);
  inverse_length_squared_ = 1.0 / (static_cast<double>(filter_length_) * filter_length_);
}

TimeNs UrmsHalfCycleMeter::TimeAt(double position) const {
  return first_sample_time_ + std::llround(position * 1e9 / sample_rate_hz_);
}

void UrmsHalfCycleMeter::Process(const double* samples, std::size_t n, std::size_t stride,
                                 std::vector<UrmsHalf>* out) {
  // The loop runs at the full sample rate on every phase: its state lives in
  // locals (registers) and goes back to the members only around the rare
  // boundary calls, which read and change it.
  const std::int64_t length = filter_length_;
  const std::size_t taps = static_cast<std::size_t>(length);
  const double* const end = samples + n * stride;
  double* const stage1 = stage1_.data();
  double* const stage2 = stage2_.data();
  double* const squares = squares_.data();
  // Constants in locals too: the stores through `squares` and the delay
  // lines could otherwise alias them, and the compiler reloaded them from
  // the object on every sample.
  const std::size_t ring_mask = ring_mask_;
  const double hysteresis = hysteresis_;
  const double inverse_length_squared = inverse_length_squared_;
  std::int64_t i = samples_seen_;
  std::size_t tap = tap_;
  double sum1 = sum1_, sum2 = sum2_, previous = previous_output_;
  int armed = armed_;
  auto store = [&] {
    samples_seen_ = i + 1;
    tap_ = tap;
    sum1_ = sum1;
    sum2_ = sum2;
    previous_output_ = previous;
    armed_ = armed;
  };
  // Raw position beyond which a boundary is forced (no crossing seen).
  auto forced_after = [&] {
    return boundaries_ == 0 ? static_cast<double>(length) + 3.0 * nominal_half_ - 1e-9
                            : boundary_[0] + 1.5 * half_period_;
  };
  double force_at = forced_after();
  for (const double* p = samples; p != end; p += stride, ++i) {
    const double x = *p;
    squares[static_cast<std::size_t>(i) & ring_mask] = x * x;
    // Two running sums of L samples (a moving average applied twice); the
    // delay lines hold unscaled sums so that each sample costs additions and
    // one multiplication, no division.
    sum1 += x - stage1[tap];
    stage1[tap] = x;
    sum2 += sum1 - stage2[tap];
    stage2[tap] = sum1;
    tap = tap + 1 == taps ? 0 : tap + 1;
    const double y = sum2 * inverse_length_squared;
    if (i < 2 * length - 1) continue;  // the second moving average is not full yet
    if (i >= 2 * length) {
      const bool rising = armed < 0 && previous < 0.0 && y >= 0.0;
      const bool falling = armed > 0 && previous > 0.0 && y <= 0.0;
      if (rising || falling) {
        armed = 0;
        // Linear interpolation, then back by the filter's constant delay of L-1 samples.
        const double filtered = static_cast<double>(i - 1) + previous / (previous - y);
        store();
        OnCrossing(filtered - static_cast<double>(length - 1), out);
        force_at = forced_after();
      }
    }
    if (y > hysteresis) {
      armed = 1;
    } else if (y < -hysteresis) {
      armed = -1;
    }
    previous = y;
    // Every crossing at raw position <= i - L has been seen by now.
    const double settled = static_cast<double>(i - length);
    if (settled > force_at) {
      store();
      if (boundaries_ == 0) {
        AddBoundary(settled - nominal_half_, false, out);
      } else {
        AddBoundary(boundary_[0] + half_period_, false, out);
      }
      force_at = forced_after();
    }
  }
  store();
  samples_seen_ = i;
}

void UrmsHalfCycleMeter::OnCrossing(double position, std::vector<UrmsHalf>* out) {
  // A crossing closer than a quarter of a nominal half cycle to the previous
  // boundary is noise that got through the hysteresis, not the fundamental.
  if (boundaries_ > 0 && position - boundary_[0] < 0.25 * nominal_half_) return;
  if (boundaries_ >= 2 && boundary_measured_[0] && boundary_measured_[1]) {
    const double period = position - boundary_[1];
    // IEC 61000-4-30 4.4: the fundamental stays within +-15 % of nominal; a
    // span outside that is a transient, not a new period.
    if (period >= 1.7 * nominal_half_ && period <= 2.3 * nominal_half_) half_period_ = period / 2.0;
  }
  AddBoundary(position, true, out);
}

void UrmsHalfCycleMeter::AddBoundary(double position, bool measured, std::vector<UrmsHalf>* out) {
  if (boundaries_ >= 2) {
    // Start-up: report once three boundaries of the same origin agree, so
    // that a half-settled filter cannot fake a dip at the first sample.
    const bool consistent = boundary_measured_[0] == measured && boundary_measured_[1] == measured;
    emitting_ = emitting_ || consistent;
    // The window is one measured period ending at the boundary, so that a
    // stray crossing during a transient moves the window, never shortens it.
    const double span = 2.0 * half_period_;
    if (emitting_ && position - span >= 0.0) {
      UrmsHalf value;
      value.window_start = TimeAt(position - span);
      value.window_end = TimeAt(position);
      value.urms_v = std::sqrt(Energy(position - span, position) / span);
      value.measured = measured && boundary_measured_[0] && boundary_measured_[1];
      out->push_back(value);
    }
  }
  boundary_[2] = boundary_[1];
  boundary_[1] = boundary_[0];
  boundary_[0] = position;
  boundary_measured_[2] = boundary_measured_[1];
  boundary_measured_[1] = boundary_measured_[0];
  boundary_measured_[0] = measured;
  boundaries_ = std::min(boundaries_ + 1, 3);
}

// Sum of squares over [from, to) in sample positions, sample i standing for
// [i - 0.5, i + 0.5): the end samples count by the fraction inside.
double UrmsHalfCycleMeter::Energy(double from, double to) const {
  // Sample i stands for [i - 1/2, i + 1/2): it counts with the part of that
  // span inside [from, to]. Only the two ends are partial; the samples in
  // between count whole, summed without the per-sample clipping.
  const std::int64_t oldest =
      std::max<std::int64_t>(0, samples_seen_ - static_cast<std::int64_t>(squares_.size()));
  const std::int64_t first = std::max(oldest, static_cast<std::int64_t>(std::floor(from + 0.5)));
  const std::int64_t last =
      std::min(samples_seen_ - 1, static_cast<std::int64_t>(std::floor(to + 0.5)));
  auto partial = [&](std::int64_t i) {
    const double lo = std::max(static_cast<double>(i) - 0.5, from);
    const double hi = std::min(static_cast<double>(i) + 0.5, to);
    return hi > lo ? squares_[static_cast<std::size_t>(i) & ring_mask_] * (hi - lo) : 0.0;
  };
  if (last - first < 2) {
    double energy = 0.0;
    for (std::int64_t i = first; i <= last; ++i) energy += partial(i);
    return energy;
  }
  // Four running sums: one would make every addition wait for the last.
  double whole[4] = {0.0, 0.0, 0.0, 0.0};
  std::int64_t i = first + 1;
  for (; i + 3 < last; i += 4) {
    for (int j = 0; j < 4; ++j) whole[j] += squares_[static_cast<std::size_t>(i + j) & ring_mask_];
  }
  for (; i < last; ++i) whole[0] += squares_[static_cast<std::size_t>(i) & ring_mask_];
  return partial(first) + ((whole[0] + whole[1]) + (whole[2] + whole[3])) + partial(last);
}

}  // namespace pqa::vtcd
