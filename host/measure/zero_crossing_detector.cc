#include "host/measure/zero_crossing_detector.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>
#include <type_traits>

#include "host/measure/lane_vector.h"

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

namespace {

// The band-pass's state and coefficients as scalars for one block: held in
// an array, the state went through memory on every sample.
//
// Each Butterworth section's numerator is b0 (1 + z^-1)^2 (low-pass) or
// b0 (1 - z^-1)^2 (high-pass): the three b0 and the group average's 1 / D
// multiply the input once, and the sections run with numerators 1, +-2, 1,
// 7 operations each instead of 9 (the same transfer function; rounding is
// relative, so the scaled signal is as precise).
//
// A section is direct form II transposed with its additions regrouped so
// that one sample's output waits for the previous one through a single
// multiplication and subtraction:
//   y[n] = (x[n] + p[n-1]) - a1 y[n-1],  p[n] = +-2 x[n] + s2[n-1],
//   s2[n] = x[n] - a2 y[n],
// where p[n-1] - a1 y[n-1] is the textbook form's s1[n-1]. The textbook
// grouping, y = x + ((+-2 x' - a1 y') + s2''), chains four operations from
// one output to the next; the filter runs once per filtered sample on the
// reference phase, so that chain, not the arithmetic, set its cost (about
// a tenth of a 2 kS/s replay). BM_DetectCrossingsWindow: 1.64 -> 1.41 us
// at 2 kS/s, 2.92 -> 2.43 us at 15.36 kS/s. The grouping moves crossings
// in their last bits only (a record's RMS by about 1e-13).
struct Cascade {
  double scale;  // b0 of each section / D
  double lp1_a1, lp1_a2, lp2_a1, lp2_a2, hp_a1, hp_a2;
  BandPassSectionState lp1, lp2, hp;

  Cascade(const std::array<Biquad, 3>& s, const std::array<BandPassSectionState, 3>& state,
          int decimation)
      : scale(s[0].b0 * s[1].b0 * s[2].b0 / decimation),
        lp1_a1(s[0].a1),
        lp1_a2(s[0].a2),
        lp2_a1(s[1].a1),
        lp2_a2(s[1].a2),
        hp_a1(s[2].a1),
        hp_a2(s[2].a2),
        lp1(state[0]),
        lp2(state[1]),
        hp(state[2]) {}
  void Store(std::array<BandPassSectionState, 3>& state) const { state = {lp1, lp2, hp}; }
  // A section with numerator 1 + 2 z^-1 + z^-2 (sign -1: 1 - 2 z^-1 + z^-2).
  template <int kSign>
  static double Section(double x, double a1, double a2, BandPassSectionState& st) {
    const double y = (x + st.p) - a1 * st.y;
    const double x2 = x + x;
    st.p = (kSign > 0 ? x2 : -x2) + st.s2;
    st.s2 = x - a2 * y;
    st.y = y;
    return y;
  }
  // The filtered value of a group whose samples sum to `sum`.
  double Step(double sum) {
    const double x = sum * scale;
    double y = Section<1>(x, lp1_a1, lp1_a2, lp1);
    y = Section<1>(y, lp2_a1, lp2_a2, lp2);
    return Section<-1>(y, hp_a1, hp_a2, hp);
  }
};

// The sum of each whole group of `group` samples from samples[0] (the i-th
// at samples[i * stride]) through the band-pass, into y; returns the groups
// done. Only the filter's own arithmetic in the loop (the crossing logic
// reads y afterwards): compiled for x86-64-v3 as well, whose three-operand
// forms save the register copies of the two-operand SSE2 code, and without
// contraction into fused multiply-adds, so that both clones round every
// product and sum the same way.
template <std::size_t kGroup>
inline __attribute__((always_inline)) std::size_t FilterGroups(const double* samples,
                                                               std::size_t stride,
                                                               std::size_t count, std::size_t group,
                                                               Cascade& cascade, double* y) {
  if constexpr (kGroup != 0) group = kGroup;
  Cascade c = cascade;
  std::size_t n = 0;
  for (std::size_t i = 0; i + group <= count; i += group, ++n) {
    const double* x = samples + i * stride;
    double sum = x[0];
    for (std::size_t k = 1; k < group; ++k) sum += x[k * stride];
    y[n] = c.Step(sum);
  }
  cascade = c;
  return n;
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
std::size_t
FilterWholeGroups(const double* samples, std::size_t stride, std::size_t count, int decimation,
                  Cascade& cascade, double* y) {
  // The usual group sizes (1 up to 127 samples per nominal cycle, 4 at 256)
  // unrolled.
  switch (decimation) {
    case 1:
      return FilterGroups<1>(samples, stride, count, 1, cascade, y);
    case 2:
      return FilterGroups<2>(samples, stride, count, 2, cascade, y);
    case 4:
      return FilterGroups<4>(samples, stride, count, 4, cascade, y);
    default:
      return FilterGroups<0>(samples, stride, count, static_cast<std::size_t>(decimation), cascade,
                             y);
  }
}

// The first filtered index m >= from (and <= to) whose centre
// m D + centre_offset passes `limit` as `passes` decides: the predicate
// rises with m, so the first guess from the division is corrected by
// evaluating it exactly where it changes.
template <typename Passes>
std::int64_t FirstIndexPassing(std::int64_t from, std::int64_t to, double d, double centre_offset,
                               double limit, Passes passes) {
  const auto at = [&](std::int64_t m) {
    return passes(static_cast<double>(m) * d + centre_offset);
  };
  if (at(from)) return from;
  if (!at(to)) return to + 1;
  const double guess = std::ceil((limit - centre_offset) / d);
  std::int64_t m = guess > static_cast<double>(from) && guess < static_cast<double>(to)
                       ? static_cast<std::int64_t>(guess)
                       : to;
  while (m > from + 1 && at(m - 1)) --m;
  while (!at(m)) ++m;
  return m;
}

// Four filtered values at a time for the scan below: the lanes' compare
// results and their largest magnitude.
using lanes::Load4;
using lanes::Vec4;
typedef long long Mask4 __attribute__((vector_size(32)));
// Vec4 and Mask4 only inside the dispatched function they are forced inline
// into (lane_vector.h).
#pragma GCC diagnostic ignored "-Wpsabi"
inline __attribute__((always_inline)) bool AnyLane(Mask4 m) {
  const Mask4 folded = m | __builtin_shufflevector(m, m, 2, 3, 0, 1);
  return (folded[0] | folded[1]) != 0;
}
inline __attribute__((always_inline)) Vec4 Magnitude(Vec4 x) {
  return reinterpret_cast<Vec4>(reinterpret_cast<Mask4>(x) & 0x7fffffffffffffffLL);
}
// std::max's choice per lane (the first unless it is less), so that a NaN
// never becomes the peak, as in the scalar loop.
inline __attribute__((always_inline)) Vec4 LaneMax(Vec4 peak, Vec4 x) {
  return peak < x ? x : peak;
}

// The crossing logic's per-sample part over v[from..to): the cycle's peak
// and the arming (below `threshold`, negative) until an armed positive-going
// crossing, whose index it returns (`to` if none); `previous` is then the
// value before it. In two loops, unarmed and armed, each first skipping four
// values at a time where none of them decides anything (a largest
// magnitude is the same whatever the grouping), then one at a time; compiled
// for x86-64-v3 as well (no arithmetic but max and compares: the clones
// agree).
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default")))
#endif
std::int64_t
ScanToCrossing(const double* v, std::int64_t from, std::int64_t to, double threshold, bool& armed,
               double& cycle_peak, double& previous) {
  double peak = cycle_peak, prev = previous;
  Vec4 peaks = {peak, peak, peak, peak};
  std::int64_t k = from;
  if (!armed) {
    const Vec4 limit = {threshold, threshold, threshold, threshold};
    for (; k + 4 <= to; k += 4) {
      const Vec4 x = Load4(v + k);
      if (AnyLane(x < limit)) break;
      peaks = LaneMax(peaks, Magnitude(x));
    }
    if (k > from) prev = v[k - 1];
    for (; k < to; ++k) {
      const double value = v[k];
      peak = std::max(peak, std::abs(value));
      if (value < threshold) break;
      prev = value;
    }
    if (k < to) {
      // Armed by v[k], which may (with a threshold of 0 or less) cross too.
      armed = true;
      if (prev < 0 && v[k] >= 0) {
        for (int i = 0; i < 4; ++i) peak = std::max(peak, peaks[i]);
        cycle_peak = peak;
        previous = prev;
        return k;
      }
      prev = v[k++];
    }
  }
  if (armed) {
    // v[k - 1] is `prev` from here on (the first value of the call aside).
    if (k == from && k < to) {
      const double value = v[k];
      peak = std::max(peak, std::abs(value));
      if (prev < 0 && value >= 0) {
        for (int i = 0; i < 4; ++i) peak = std::max(peak, peaks[i]);
        cycle_peak = peak;
        previous = prev;
        return k;
      }
      prev = value;
      ++k;
    }
    const Vec4 zero = {0, 0, 0, 0};
    const std::int64_t vector_from = k;
    for (; k + 4 <= to; k += 4) {
      const Vec4 x = Load4(v + k);
      const Vec4 before = Load4(v + k - 1);
      if (AnyLane((before < zero) & (x >= zero))) break;
      peaks = LaneMax(peaks, Magnitude(x));
    }
    if (k > vector_from) prev = v[k - 1];
    for (; k < to; ++k) {
      const double value = v[k];
      peak = std::max(peak, std::abs(value));
      if (prev < 0 && value >= 0) break;
      prev = value;
    }
  }
  for (int i = 0; i < 4; ++i) peak = std::max(peak, peaks[i]);
  cycle_peak = peak;
  previous = prev;
  return k;
}

// The median of five values (none NaN; the periods are clamped) by
// min and max alone: the larger of the pairs' minima and the smaller of
// their maxima drop the extremes of the first four, the median of those
// two and the fifth is the median. Eight compares instead of a
// selection's partitioning, once per cycle.
double MedianOfFive(const std::array<double, 5>& v) {
  const double low = std::max(std::min(v[0], v[1]), std::min(v[2], v[3]));
  const double high = std::min(std::max(v[0], v[1]), std::max(v[2], v[3]));
  return std::max(std::min(v[4], low), std::min(std::max(v[4], low), high));
}

}  // namespace

void ZeroCrossingDetector::Process(const double* samples, std::size_t stride, std::size_t count,
                                   std::vector<Crossing>& out) {
  // Two passes, each with its state in locals: the band-pass over the
  // block's whole groups into filtered_, then the crossing logic over those
  // values (the filter never depends on it). One decimated sample at a time
  // in the same order whatever the block boundaries, so they do not move a
  // crossing by a bit.
  const int decimation = decimation_;
  const double d = decimation;
  const double centre_offset = 0.5 * (d - 1);
  Cascade cascade(sections_, band_state_, decimation);
  filtered_.resize(std::max(filtered_.size(), count / static_cast<std::size_t>(decimation) + 1));
  double* y = filtered_.data();
  std::size_t n = 0;  // filtered values of this block
  std::size_t i = 0;  // input samples consumed
  // The group the previous block left open, then whole groups, then the
  // start of the next one.
  if (group_fill_ > 0) {
    for (; i < count && group_fill_ < decimation; ++i, ++group_fill_)
      group_sum_ += samples[i * stride];
    if (group_fill_ < decimation) {
      index_ += static_cast<std::int64_t>(count);
      return;
    }
    y[n++] = cascade.Step(group_sum_);
    group_sum_ = 0;
    group_fill_ = 0;
  }
  const std::size_t whole =
      FilterWholeGroups(samples + i * stride, stride, count - i, decimation, cascade, y + n);
  n += whole;
  i += whole * static_cast<std::size_t>(decimation);
  for (; i < count; ++i, ++group_fill_) group_sum_ += samples[i * stride];
  cascade.Store(band_state_);
  index_ += static_cast<std::int64_t>(count);

  // The crossing logic, filtered sample m standing for the centre of input
  // samples m D .. m D + D - 1. Between two decisions only the cycle's peak
  // and the arming change, so the loops below look for the next decision
  // and keep nothing else per sample: the index where the settling ends and
  // where the free run falls due are found once, not compared per sample.
  const std::int64_t first = decimated_index_;
  const std::int64_t end = first + static_cast<std::int64_t>(n);  // one past the last
  const auto settle = static_cast<double>(settle_);
  const auto centre = [&](std::int64_t m) { return static_cast<double>(m) * d + centre_offset; };
  double previous = previous_;
  double cycle_peak = cycle_peak_;
  std::int64_t m = first;
  if (m < end && !(centre(end - 1) > settle)) {
    m = end;  // the whole block settles the filter
  } else if (m < end) {
    m = FirstIndexPassing(m, end - 1, d, centre_offset, settle,
                          [settle](double now) { return now > settle; });
  }
  if (m > first) previous = y[m - 1 - first];
  while (m < end) {
    // The first sample whose centre is more than the free-run timeout past
    // the last crossing: a decision is due there at the latest.
    const double timeout = kTimeoutPeriods * free_run_period_;
    const double last_raw = last_raw_;
    const std::int64_t due =
        FirstIndexPassing(m, end - 1, d, centre_offset, last_raw + timeout,
                          [last_raw, timeout](double now) { return now - last_raw > timeout; });
    const double threshold = -threshold_;
    const double* v = y - first;
    const std::int64_t k = ScanToCrossing(v, m, due, threshold, armed_, cycle_peak, previous);
    if (k == end) break;
    // A crossing at k, or the free run due at k (k == due).
    const double value = v[k];
    if (k == due) {
      cycle_peak = std::max(cycle_peak, std::abs(value));
      if (!armed_ && value < threshold) armed_ = true;
    }
    cycle_peak_ = cycle_peak;
    Decide(k, previous, value, centre(k), out);
    cycle_peak = cycle_peak_;
    previous = value;
    m = k + 1;
  }
  decimated_index_ = end;
  previous_ = previous;
  cycle_peak_ = cycle_peak;
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
        free_run_period_ = MedianOfFive(recent_);
      }
      Emit(raw, false, out);
      return;
    }
  }
  if (now - last_raw_ > kTimeoutPeriods * free_run_period_)
    Emit(last_raw_ + free_run_period_, true, out);
}
}  // namespace pqa::measure
