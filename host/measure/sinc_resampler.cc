#include "host/measure/sinc_resampler.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <numbers>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/base/attributes.h"
#include "absl/base/const_init.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "host/measure/lane_vector.h"

namespace pqa::measure {
namespace {

constexpr int kMaxHalfWidth = 64;

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

double BesselI0(double x) {
  const double quarter_x2 = 0.25 * x * x;  // ((x/2)^k / k!)^2 grows by this / k^2 per k
  double term = 1, sum = 1;
  for (int k = 1; k < 1000; ++k) {
    term *= quarter_x2 / static_cast<double>(k * k);
    const double next = sum + term;
    if (next == sum) break;
    sum = next;
  }
  return sum;
}

absl::StatusOr<int> SincResampler::HalfWidthFor(const ResamplerDesign& design) {
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
  // An even half-width makes the tap count a multiple of 4, the vector width
  // of the inner loop.
  int half_width = std::max(4, static_cast<int>(std::ceil(taps / 2)));
  half_width += half_width % 2;
  if (half_width > kMaxHalfWidth) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "resampler design: passband %g and stopband %g cycles/sample need %d taps either side, "
        "more than %d; widen the transition band",
        design.passband, design.stopband, half_width, kMaxHalfWidth));
  }
  return half_width;
}

// Row p (0..P) holds the 2K tap weights for fractional offset p / P; `slope`
// holds row p+1 minus row p, for interpolation between rows.
struct SincResampler::Kernel {
  std::vector<double> table;
  std::vector<double> slope;
};

namespace {

// The designs made in this process, the most recently used last. A replay
// uses one per sample rate (and transform length); a fleet of recordings
// shares them.
constexpr std::size_t kKeptDesigns = 8;

bool SameDesign(const ResamplerDesign& a, const ResamplerDesign& b) {
  return a.passband == b.passband && a.stopband == b.stopband &&
         a.attenuation_db == b.attenuation_db && a.phases == b.phases;
}

}  // namespace

absl::StatusOr<SincResampler> SincResampler::Create(const ResamplerDesign& design) {
  auto designed = HalfWidthFor(design);
  if (!designed.ok()) return designed.status();
  const int half_width = *designed;

  SincResampler r;
  r.half_width_ = half_width;
  r.phases_ = design.phases;
  // Cutoff midway through the transition band. Above half the input rate
  // (a stopband beyond the first image, 1 - passband) the kernel passes part
  // of the images of the input's top content: the design says where the
  // caller discards them (ResamplerDesign::stopband).
  r.cutoff_ = 0.5 * (design.passband + design.stopband);

  ABSL_CONST_INIT static absl::Mutex kept_mutex(absl::kConstInit);
  // Guarded by kept_mutex; never destroyed (threads may outlive main()).
  static auto* const kept =
      new std::vector<std::pair<ResamplerDesign, std::shared_ptr<const Kernel>>>();
  {
    absl::MutexLock lock(&kept_mutex);
    for (auto it = kept->begin(); it != kept->end(); ++it) {
      if (SameDesign(it->first, design)) {
        r.kernel_ = it->second;
        std::rotate(it, it + 1, kept->end());  // most recently used last
        return r;
      }
    }
  }
  // Designed outside the lock: other threads' recordings go on meanwhile
  // (two designing the same table at once both keep a correct one).
  auto kernel = std::make_shared<Kernel>();
  const double beta = KaiserBeta(design.attenuation_db);
  const double i0_beta = BesselI0(beta);
  // The windowed sinc x input samples from the output instant, before the
  // rows are normalised.
  const auto tap = [&](double x) {
    const double u = x / half_width;
    const double window = std::abs(u) >= 1 ? 0.0 : BesselI0(beta * std::sqrt(1 - u * u)) / i0_beta;
    return 2 * r.cutoff_ * Sinc(2 * r.cutoff_ * x) * window;
  };
  // With a power-of-two `phases` every distance below is n / phases exactly
  // (n an integer, |n| <= half_width phases), and the tap is even to the
  // bit (u = x / K and 2 fc x round symmetrically, sin is odd), so it is
  // evaluated once per |n| rather than once per tap: half the Bessel
  // functions and sines, the bulk of the design's cost, for the same table.
  std::vector<double> tap_at;  // by |x| phases
  if (std::has_single_bit(static_cast<unsigned>(design.phases))) {
    tap_at.resize(static_cast<std::size_t>(half_width * design.phases) + 1);
    for (std::size_t n = 0; n < tap_at.size(); ++n)
      tap_at[n] = tap(static_cast<double>(n) / design.phases);
  }
  // Rows 0..P, written in place: the table keeps the first P, and row P
  // only serves the slope of row P - 1.
  const int taps_per_row = 2 * half_width;
  std::vector<double>& rows = kernel->table;
  rows.resize(static_cast<std::size_t>((design.phases + 1) * taps_per_row));
  for (int p = 0; p <= design.phases; ++p) {
    const double frac = static_cast<double>(p) / design.phases;
    double* row = &rows[static_cast<std::size_t>(p * taps_per_row)];
    double sum = 0;
    for (int j = 0; j < taps_per_row; ++j) {
      // Distance from the output instant to input sample floor(t) - K + 1 + j.
      const double x = frac + half_width - 1 - j;
      row[j] =
          tap_at.empty() ? tap(x) : tap_at[static_cast<std::size_t>(std::abs(x) * design.phases)];
      sum += row[j];
    }
    // Unity gain at DC for every offset: a constant stays exactly constant.
    for (int j = 0; j < taps_per_row; ++j) row[j] /= sum;
  }
  const std::size_t size = rows.size() - static_cast<std::size_t>(taps_per_row);
  kernel->slope.resize(size);
  for (std::size_t i = 0; i < size; ++i) {
    kernel->slope[i] = rows[i + static_cast<std::size_t>(taps_per_row)] - rows[i];
  }
  rows.resize(size);
  r.kernel_ = std::move(kernel);
  absl::MutexLock lock(&kept_mutex);
  if (kept->size() == kKeptDesigns) kept->erase(kept->begin());
  kept->emplace_back(design, r.kernel_);
  return r;
}

const std::vector<double>& SincResampler::table() const { return kernel_->table; }
const std::vector<double>& SincResampler::slope() const { return kernel_->slope; }

namespace {

using lanes::Load4;
using lanes::Vec2;
using lanes::Vec4;
// The kernels below take and return Vec4 only inside the dispatched
// function they are forced inline into (lane_vector.h).
#pragma GCC diagnostic ignored "-Wpsabi"

// The resampling loop for C channels and a tap count known at compile time
// (so the inner loops unroll completely); kTaps == 0 takes the count from
// `taps` at run time. Taps are a multiple of 4 (the half-width is even).
//
// Each channel's sum runs through its taps in one accumulator. The weights
// of instant m + 1 are interpolated before instant m's multiply-adds: their
// two table rows (random rows of a table that lives in L2) then arrive
// while m's sums run, instead of m + 1's sums waiting for them. Against
// computing each instant's weights just before its sums, `BM_ResampleWindow`
// 38.0 -> 27.9 us with six channels, 22.0 -> 18 us with three, and the
// 2 kS/s design 5.9 -> 4.5 us with three (which two instants side by side
// had brought down by 9 % before). The order of every instant's arithmetic
// is unchanged, so its value to the bit.
template <int kTaps, std::size_t C>
inline __attribute__((always_inline)) void ResampleKernel(const double* table, const double* slope,
                                                          int taps, int phases,
                                                          const double* const* in, double first,
                                                          double step, std::size_t count,
                                                          double* const* out) {
  if constexpr (kTaps != 0) taps = kTaps;
  const int half_width = taps / 2;
  // Two slots, the instant being summed and the next one; a slot is always
  // named by a constant, so that the weights stay in registers.
  std::array<std::array<Vec4, kMaxHalfWidth / 2>, 2> weights;
  std::array<std::ptrdiff_t, 2> origin;
  // Instant m's interpolated weights (in slot k) and its first input sample.
  const auto prepare = [&](std::size_t m, int k) __attribute__((always_inline)) {
    const double t = first + static_cast<double>(m) * step;
    const double base = std::floor(t);
    const double scaled = (t - base) * phases;
    int p = static_cast<int>(scaled);
    if (p >= phases) p = phases - 1;  // t - base rounds to 1.0 for t just below an integer
    const double alpha = scaled - p;
    const double* row = table + static_cast<std::size_t>(p * taps);
    const double* row_slope = slope + static_cast<std::size_t>(p * taps);
    for (int j = 0; j < taps / 4; ++j) {
      weights[k][j] = Load4(row + 4 * j) + alpha * Load4(row_slope + 4 * j);
    }
    origin[k] = static_cast<std::ptrdiff_t>(base) - half_width + 1;
  };
  // Instant m's sums from the weights in slot k. Each channel's value is
  // (lane 0 + lane 1) + (lane 2 + lane 3); two channels are summed side by
  // side, in the same grouping.
  const auto sum = [&](std::size_t m, int k) __attribute__((always_inline)) {
    Vec4 acc[C] = {};
    for (int j = 0; j < taps / 4; ++j) {
      for (std::size_t c = 0; c < C; ++c) {
        acc[c] += weights[k][j] * Load4(in[c] + origin[k] + 4 * j);
      }
    }
    std::size_t c = 0;
    for (; c + 2 <= C; c += 2) {
      const Vec4 pairs = __builtin_shufflevector(acc[c], acc[c + 1], 0, 4, 2, 6) +
                         __builtin_shufflevector(acc[c], acc[c + 1], 1, 5, 3, 7);
      const Vec2 sums =
          __builtin_shufflevector(pairs, pairs, 0, 1) + __builtin_shufflevector(pairs, pairs, 2, 3);
      out[c][m] = sums[0];
      out[c + 1][m] = sums[1];
    }
    if (c < C) out[c][m] = (acc[c][0] + acc[c][1]) + (acc[c][2] + acc[c][3]);
  };
  if (count == 0) return;
  prepare(0, 0);
  std::size_t m = 0;
  for (; m + 2 <= count; m += 2) {
    prepare(m + 1, 1);
    sum(m, 0);
    if (m + 2 < count) prepare(m + 2, 0);
    sum(m + 1, 1);
  }
  if (m < count) sum(m, 0);  // prepared by the last pair (or first)
}

template <std::size_t C>
inline __attribute__((always_inline)) void ResampleTaps(const double* table, const double* slope,
                                                        int taps, int phases,
                                                        const double* const* in, double first,
                                                        double step, std::size_t count,
                                                        double* const* out) {
#define PQA_RESAMPLE_CASE(n) \
  case n:                    \
    return ResampleKernel<n, C>(table, slope, taps, phases, in, first, step, count, out);
  switch (taps) {
    PQA_RESAMPLE_CASE(8)
    PQA_RESAMPLE_CASE(12)
    PQA_RESAMPLE_CASE(16)
    PQA_RESAMPLE_CASE(20)
    PQA_RESAMPLE_CASE(24)
    PQA_RESAMPLE_CASE(28)
    PQA_RESAMPLE_CASE(32)
    // Low rates (at 2 kS/s a free-running window's kernel has 36 taps on
    // 60 Hz, 40 on 50 Hz) and decimating windows reach beyond 32.
    PQA_RESAMPLE_CASE(36)
    PQA_RESAMPLE_CASE(40)
    PQA_RESAMPLE_CASE(44)
    PQA_RESAMPLE_CASE(48)
    default:
      return ResampleKernel<0, C>(table, slope, taps, phases, in, first, step, count, out);
  }
#undef PQA_RESAMPLE_CASE
}

// Compiled three times where the toolchain can: for x86-64-v4 (the same
// 256-bit arithmetic as v3, with 32 vector registers instead of 16: 7 % less
// time for six channels), x86-64-v3 (AVX2 and FMA) and the baseline, chosen
// once at load time. v4 and v3 give the same bits; the baseline may differ
// from them in the last bits (fused multiply-add), far below the design
// ripple.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#endif
void ResampleDispatch(const double* table, const double* slope, int taps, int phases,
                      const double* const* in, std::size_t channel_count, double first,
                      double step, std::size_t count, double* const* out) {
  // The weights of an output instant are the same for every channel: the
  // more channels one pass takes (three voltages and three currents), the
  // fewer times they are interpolated.
  while (channel_count > 0) {
    std::size_t taken;
    switch (channel_count) {
      case 1:
        ResampleTaps<1>(table, slope, taps, phases, in, first, step, count, out);
        taken = 1;
        break;
      case 2:
        ResampleTaps<2>(table, slope, taps, phases, in, first, step, count, out);
        taken = 2;
        break;
      case 3:
      case 5:  // 3 + 2
        ResampleTaps<3>(table, slope, taps, phases, in, first, step, count, out);
        taken = 3;
        break;
      case 4:
        ResampleTaps<4>(table, slope, taps, phases, in, first, step, count, out);
        taken = 4;
        break;
      default:
        ResampleTaps<6>(table, slope, taps, phases, in, first, step, count, out);
        taken = 6;
    }
    in += taken;
    out += taken;
    channel_count -= taken;
  }
}

}  // namespace

void SincResampler::Resample(const double* const* in, std::size_t channel_count, double first,
                             double step, std::size_t count, double* const* out) const {
  ResampleDispatch(kernel_->table.data(), kernel_->slope.data(), 2 * half_width_, phases_, in,
                   channel_count, first, step, count, out);
}

double SincResampler::At(const double* in, double position) const {
  double value = 0;
  const double* channels[] = {in};
  double* outs[] = {&value};
  Resample(channels, 1, position, 0, 1, outs);
  return value;
}

}  // namespace pqa::measure
