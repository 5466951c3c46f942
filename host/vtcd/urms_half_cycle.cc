#include "host/vtcd/urms_half_cycle.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <numbers>

namespace pqa::vtcd {

UrmsHalfCycleMeter::UrmsHalfCycleMeter(const UrmsHalfCycleConfig& config, double sample_rate_hz,
                                       TimeNs first_sample_time)
    : sample_rate_hz_(sample_rate_hz), first_sample_time_(first_sample_time) {
  nominal_half_ = sample_rate_hz / (2.0 * config.nominal_frequency_hz);
  half_period_ = nominal_half_;
  closest_crossing_ = 0.25 * nominal_half_;
  shortest_period_ = 1.7 * nominal_half_;
  longest_period_ = 2.3 * nominal_half_;
  filter_length_ = std::max(2, static_cast<int>(std::lround(nominal_half_)));
  filter_delay_ = static_cast<double>(filter_length_ - 1);
  // Gain of one moving average of L samples at the nominal frequency.
  const double w = std::numbers::pi * config.nominal_frequency_hz / sample_rate_hz;
  const double stage_gain = std::sin(w * filter_length_) / (filter_length_ * std::sin(w));
  hysteresis_ = config.crossing_hysteresis_pu * std::numbers::sqrt2 * config.nominal_voltage_v *
                stage_gain * stage_gain;
  // History long enough for a half cycle of 1.5 fallback periods plus the filter delay.
  std::size_t ring = 64;
  while (ring < static_cast<std::size_t>(8 * filter_length_ + 64)) ring *= 2;
  energy_.assign(ring, 0.0);
  ring_mask_ = ring - 1;
  // A kept value is computed by the next boundary (AddBoundary() or
  // OnCrossing()) or the end of the call, at most 1.5 half periods (1.725
  // nominal) plus the filter delay past the latest boundary: through sample
  // j <= latest + 1.725 L + L + 2. Its window reads the ring from `from`
  // less 1.5 samples on, so the ring holds it while j - from < R - 1.5:
  // the latest boundary may lie at most R - 3 L - 4 past the oldest kept
  // `from`; R - 4 L - 8 leaves a margin. A ring of 8 L + 64 rounded up
  // takes about four half cycles (a typical span of two plus the delay of
  // one more); crossings far apart (a recording labelled 60 Hz at 41 Hz)
  // need the check.
  pending_reach_ = static_cast<double>(ring) - 4.0 * filter_length_ - 8.0;
  stage1_.assign(filter_length_, 0.0);
  stage2_.assign(filter_length_, 0.0);
  inverse_length_squared_ = 1.0 / (static_cast<double>(filter_length_) * filter_length_);
}

namespace {

// std::llround (halves away from zero) inline: two per Urms(1/2) value, and
// the library call was a tenth of the value's cost at 2 kS/s. Exact below
// 2^63: x - trunc(x) is exact for a double, and beyond 2^52 every double is
// whole.
std::int64_t RoundHalfAway(double x) {
  const auto whole = static_cast<std::int64_t>(x);
  const double fraction = x - static_cast<double>(whole);
  return whole + (fraction >= 0.5 ? 1 : 0) - (fraction <= -0.5 ? 1 : 0);
}

}  // namespace

TimeNs UrmsHalfCycleMeter::TimeAt(double position) const {
  return first_sample_time_ + RoundHalfAway(position * 1e9 / sample_rate_hz_);
}

// No fused multiply-add in the running sum of squares either (a build for
// a newer processor could form one here and not in RunLanes).
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("fp-contract=off")))
#endif
void UrmsHalfCycleMeter::Process(const double* samples, std::size_t n, std::size_t stride,
                                 std::vector<UrmsHalf>* out) {
  // The loop runs at the full sample rate on every phase: its state lives in
  // locals (registers) and goes back to the members only at the end; the
  // rare samples that may complete a boundary go to OnSample(), which reads
  // the boundary members, not these.
  const std::int64_t length = filter_length_;
  const std::size_t taps = static_cast<std::size_t>(length);
  const double* const end = samples + n * stride;
  double* const stage1 = stage1_.data();
  double* const stage2 = stage2_.data();
  double* const energy_ring = energy_.data();
  // Constants in locals too: the stores through `energy_ring` and the delay
  // lines could otherwise alias them, and the compiler reloaded them from
  // the object on every sample.
  const std::size_t ring_mask = ring_mask_;
  const double hysteresis = hysteresis_;
  const double inverse_length_squared = inverse_length_squared_;
  std::int64_t i = samples_seen_;
  std::size_t tap = tap_;
  double sum1 = sum1_, sum2 = sum2_, previous = previous_output_;
  double energy = RunningEnergy();
  int armed = armed_;
  double force_at = ForcedAfter();
  for (const double* p = samples; p != end; p += stride, ++i) {
    const double x = *p;
    // The running sum of squares restarts where the ring wraps.
    const std::size_t r = static_cast<std::size_t>(i) & ring_mask;
    energy = r == 0 ? x * x : energy + x * x;
    energy_ring[r] = energy;
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
    // Most samples neither cross armed nor pass the forcing position: only
    // the arming can change, as in OnSample().
    const bool may_cross =
        (armed < 0 && previous < 0.0 && y >= 0.0) || (armed > 0 && previous > 0.0 && y <= 0.0);
    if (may_cross || static_cast<double>(i - length) > force_at) {
      OnSample(i, previous, y, &armed, &force_at, out);
    } else if (y > hysteresis) {
      armed = 1;
    } else if (y < -hysteresis) {
      armed = -1;
    }
    previous = y;
  }
  samples_seen_ = i;
  if (pending_count_ > 0) FlushPending(out);
  tap_ = tap;
  sum1_ = sum1;
  sum2_ = sum2;
  previous_output_ = previous;
  armed_ = armed;
}

double UrmsHalfCycleMeter::RunningEnergy() const {
  return samples_seen_ == 0 ? 0.0
                            : energy_[static_cast<std::size_t>(samples_seen_ - 1) & ring_mask_];
}

double UrmsHalfCycleMeter::ForcedAfter() const {
  return boundaries_ == 0 ? static_cast<double>(filter_length_) + 3.0 * nominal_half_ - 1e-9
                          : boundary_[0] + 1.5 * half_period_;
}

void UrmsHalfCycleMeter::OnSample(std::int64_t i, double previous, double y, int* armed,
                                  double* force_at, std::vector<UrmsHalf>* out) {
  const std::int64_t length = filter_length_;
  if (i >= 2 * length) {
    const bool rising = *armed < 0 && previous < 0.0 && y >= 0.0;
    const bool falling = *armed > 0 && previous > 0.0 && y <= 0.0;
    if (rising || falling) {
      *armed = 0;
      *force_at = CrossingAt(i, previous, y, out);
    }
  }
  if (y > hysteresis_) {
    *armed = 1;
  } else if (y < -hysteresis_) {
    *armed = -1;
  }
  // Every crossing at raw position <= i - L has been seen by now.
  const double settled = static_cast<double>(i - length);
  if (settled > *force_at) {
    if (boundaries_ == 0) {
      AddBoundary(settled - nominal_half_, false, out);
    } else {
      AddBoundary(boundary_[0] + half_period_, false, out);
    }
    *force_at = ForcedAfter();
  }
}

// Inline in OnSample() and in RunTogether()'s crossing lanes.
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline double
UrmsHalfCycleMeter::CrossingAt(std::int64_t i, double previous, double y,
                               std::vector<UrmsHalf>* out) {
  // Linear interpolation, then back by the filter's constant delay of L-1 samples.
  const double filtered = static_cast<double>(i - 1) + previous / (previous - y);
  OnCrossing(filtered - filter_delay_, out);
  return ForcedAfter();
}

bool UrmsHalfCycleMeter::CanProcessTogether(const UrmsHalfCycleMeter* const* meters,
                                            std::size_t count) {
  if (count < 1 || count > kMaxTogether) return false;
  const UrmsHalfCycleMeter& a = *meters[0];
  for (std::size_t c = 1; c < count; ++c) {
    const UrmsHalfCycleMeter& b = *meters[c];
    if (b.filter_length_ != a.filter_length_ || b.samples_seen_ != a.samples_seen_ ||
        b.tap_ != a.tap_ || b.ring_mask_ != a.ring_mask_ ||
        b.inverse_length_squared_ != a.inverse_length_squared_) {
      return false;
    }
  }
  return true;
}

void UrmsHalfCycleMeter::ProcessTogether(UrmsHalfCycleMeter* const* meters, std::size_t count,
                                         const double* const* samples, std::size_t n,
                                         std::size_t stride, std::vector<UrmsHalf>* const* outs) {
  if (!CanProcessTogether(meters, count)) {
    for (std::size_t c = 0; c < count; ++c) meters[c]->Process(samples[c], n, stride, outs[c]);
    return;
  }
  // Until the second moving average is full (through sample 2L - 1) each
  // meter runs alone: the lanes' loop has no start-up tests.
  const std::int64_t full = 2 * static_cast<std::int64_t>(meters[0]->filter_length_);
  std::size_t head = 0;
  if (meters[0]->samples_seen_ < full) {
    head = std::min(n, static_cast<std::size_t>(full - meters[0]->samples_seen_));
    for (std::size_t c = 0; c < count; ++c) meters[c]->Process(samples[c], head, stride, outs[c]);
  }
  if (head == n) return;
  std::array<const double*, kMaxTogether> rest{};
  for (std::size_t c = 0; c < count; ++c) rest[c] = samples[c] + head * stride;
  RunTogether(meters, count, rest.data(), n - head, stride, outs);
}

namespace {

// The lanes hold the arming as -1 or +1, and an unarmed meter (0) as NaN:
// then "armed x y <= 0" is false on an unarmed lane, and one multiplication
// and one comparison per sample find every lane that may cross (see
// RunLanesOf).
double LaneOfArmed(int armed) {
  return armed == 0 ? std::numeric_limits<double>::quiet_NaN() : armed;
}
int ArmedOfLane(double lane) { return lane > 0.0 ? 1 : lane < 0.0 ? -1 : 0; }

}  // namespace

double UrmsHalfCycleMeter::OnLanes(UrmsHalfCycleMeter* const* meters, std::size_t count,
                                   std::int64_t i, const double* previous, const double* y,
                                   const double* armed, double* next_armed, double* force_at,
                                   std::vector<UrmsHalf>* const* outs) {
  const double settled = static_cast<double>(i - meters[0]->filter_length_);
  double force_min = force_at[0];
  for (std::size_t c = 0; c < count; ++c) {
    // Process()'s test, lane by lane (NaN, unarmed, fails both).
    const bool may_cross = (armed[c] < 0.0 && previous[c] < 0.0 && y[c] >= 0.0) ||
                           (armed[c] > 0.0 && previous[c] > 0.0 && y[c] <= 0.0);
    if (may_cross || settled > force_at[c]) {
      int lane_armed = ArmedOfLane(armed[c]);
      meters[c]->OnSample(i, previous[c], y[c], &lane_armed, &force_at[c], outs[c]);
      next_armed[c] = LaneOfArmed(lane_armed);
    }
    force_min = std::min(force_min, force_at[c]);
  }
  // Lanes without a meter stay copies of lane 0.
  for (std::size_t c = count; c < kMaxTogether; ++c) next_armed[c] = next_armed[0];
  return force_min;
}

namespace {

// One lane per meter (GCC/Clang vector extension; two SSE2 halves in the
// baseline build). No fused multiply-add is formed (see RunTogether), so
// every lane computes exactly what Process() computes.
typedef double Lanes __attribute__((vector_size(32)));
typedef long long LaneMask __attribute__((vector_size(32)));
typedef double LanePair __attribute__((vector_size(16)));
typedef long long LanePairMask __attribute__((vector_size(16)));
#pragma GCC diagnostic ignored "-Wpsabi"  // Lanes never crosses a call boundary

// Everything taking or returning Lanes is forced inline into RunTogether:
// an out-of-line call would pass them differently in its AVX2 clone.
inline __attribute__((always_inline)) Lanes Broadcast(double v) { return Lanes{v, v, v, v}; }

inline __attribute__((always_inline)) Lanes Load(const double* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

inline __attribute__((always_inline)) void Store(double* p, const Lanes& v) {
  std::memcpy(p, &v, sizeof v);
}

// True when a lane of the mask is set: the halves OR-ed, then SSE2's sign
// mask (one instruction in both clones).
inline __attribute__((always_inline)) bool AnyLane(const LaneMask& m) {
#if defined(__GNUC__) && defined(__SSE2__)
  const LanePairMask either =
      __builtin_shufflevector(m, m, 0, 1) | __builtin_shufflevector(m, m, 2, 3);
  return __builtin_ia32_movmskpd(reinterpret_cast<LanePair>(either)) != 0;
#else
  return ((m[0] | m[1]) | (m[2] | m[3])) != 0;
#endif
}

// The lanes' state between RunLanes() calls, in memory; lane c of every
// array, kMaxTogether lanes.
struct LaneRun {
  alignas(32) double sum1[4], sum2[4], previous[4], armed[4], hysteresis[4];
  alignas(32) double energy[4];            // running sums of x^2 (UrmsHalfCycleMeter::energy_)
  alignas(32) double y[4], next_armed[4];  // of the sample RunLanes() stopped at
  const double* in[4];                     // sample k of lane c at in[c][k * stride]
  double* energy_rings[4];                 // rings of energy, sample i at [i & ring_mask]
  double* stages;                          // delay lines: stage s, tap t, lane c at [8 t + 4 s + c]
  std::size_t taps, tap, ring_mask, stride;
  std::int64_t length, first_sample;  // L; the stream's number of sample k = 0
  double inverse_length_squared, force_min;
  bool four_lanes;  // lane 3 has a meter
  bool adjacent;    // three or four meters, in[c] = in[0] + c: lane 3 past three is unarmed

  // A sample where lanes cross, handled without leaving the loop: the
  // lanes' filter outputs before it and at it and which lanes cross (all
  // bits set), for on_crossings(*this, i), which returns the new force_min.
  alignas(32) double crossing_previous[4], crossing_y[4];
  alignas(32) long long crosses[4];
  double (*on_crossings)(LaneRun& run, std::int64_t i);
  // For on_crossings: the meters and their outputs (count of them), and
  // each one's forcing position (UrmsHalfCycleMeter::ForcedAfter()).
  UrmsHalfCycleMeter* const* meters;
  std::vector<UrmsHalf>* const* outs;
  std::size_t count;
  double force_at[4];
};

// The first sample k >= k0 (k0 < n) where settled = first + k - L, as a
// double, exceeds force_min (Process()'s "a boundary is due"), or n: the
// loop then runs to it without the test. Exact: integers below 2^52 are
// doubles, and a stream never gets there.
inline std::size_t FirstDue(double force_min, std::int64_t settled0, std::size_t k0,
                            std::size_t n) {
  if (!(force_min < 0x1p52)) return n;  // NaN or beyond any stream
  if (static_cast<double>(settled0) > force_min) return k0;
  const double wait = std::floor(force_min) + 1.0 - static_cast<double>(settled0);  // >= 1
  return wait >= static_cast<double>(n - k0) ? n : k0 + static_cast<std::size_t>(wait);
}

// Samples k, k+1, ... < n of every lane, as Process() runs them, until one
// where a boundary may be forced on a lane: returns its k, with its filter
// outputs in y and the arming Process() would give it without a boundary in
// next_armed (previous and armed still before it); n at the end. A sample
// where lanes cross armed goes to run.on_crossings (OnCrossing() on each,
// the code Process() runs) and the loop carries on: its state stays in
// registers but across that rare call. kFourLanes: lane 3 has a meter; else
// it stores nothing. kAdjacent: the lanes' samples lie side by side
// (in[c] = in[0] + c) and come in one load; with three meters lane 3 then
// reads what follows the third sample (RunTogether keeps it unarmed, so it
// never stops anything), except at the last sample, which could lie at the
// end of the frames and is gathered.
template <bool kFourLanes, bool kAdjacent>
inline __attribute__((always_inline)) std::size_t RunLanesOf(LaneRun& run, std::size_t k,
                                                             std::size_t n) {
  Lanes sum1 = Load(run.sum1), sum2 = Load(run.sum2);
  Lanes previous = Load(run.previous), armed = Load(run.armed);
  const Lanes hysteresis = Load(run.hysteresis), below = -hysteresis;
  const Lanes inverse_length_squared = Broadcast(run.inverse_length_squared);
  const Lanes zero{}, one = Broadcast(1.0), minus_one = Broadcast(-1.0);
  const double* const in0 = run.in[0];
  const double* const in1 = run.in[1];
  const double* const in2 = run.in[2];
  const double* const in3 = run.in[3];
  Lanes energy = Load(run.energy);
  double* const ring0 = run.energy_rings[0];
  double* const ring1 = run.energy_rings[1];
  double* const ring2 = run.energy_rings[2];
  double* const ring3 = run.energy_rings[3];
  // The delay lines' taps: s at tap `run.tap`, wrapping at the end.
  double* const stages = run.stages;
  double* const stages_end = stages + 8 * run.taps;
  double* s = stages + 8 * run.tap;
  const std::size_t ring_mask = run.ring_mask, stride = run.stride;
  std::int64_t i = run.first_sample + static_cast<std::int64_t>(k);
  std::size_t at = k * stride;
  // The samples up to `loads` come in one load (kAdjacent).
  const std::size_t loads = !kAdjacent ? 0 : kFourLanes ? n : n - 1;
  // Sample i's running sums of squares and filters, its lanes in one load or gathered;
  // returns the filter outputs y.
  auto filter = [&](bool one_load) __attribute__((always_inline)) {
    const Lanes x = one_load ? Load(in0 + at)
                             : Lanes{in0[at], in1[at], in2[at], kFourLanes ? in3[at] : in0[at]};
    const Lanes squares = x * x;
    const std::size_t r = static_cast<std::size_t>(i) & ring_mask;
    energy = r == 0 ? squares : energy + squares;
    ring0[r] = energy[0];
    ring1[r] = energy[1];
    ring2[r] = energy[2];
    if (kFourLanes) ring3[r] = energy[3];
    sum1 += x - Load(s);
    Store(s, x);
    sum2 += sum1 - Load(s + 4);
    Store(s + 4, sum1);
    s += 8;
    if (s == stages_end) s = stages;
    return sum2 * inverse_length_squared;
  };
  // Process()'s hysteresis arming after output y, from `from`.
  auto arming = [&](const Lanes& y, const Lanes& from) __attribute__((always_inline)) {
    const Lanes next = y < below ? minus_one : from;
    return y > hysteresis ? one : next;  // wins, as its test comes first in Process()
  };
  std::size_t due = FirstDue(run.force_min, i - run.length, k, n);
  // The loop runs to `limit`, then (kAdjacent) the last sample if not due.
  std::size_t limit = kAdjacent ? std::min(due, loads) : due;
  // The decisions on output y, after `previous`.
  auto decide = [&](const Lanes& y) __attribute__((always_inline)) {
    Lanes next_armed = arming(y, armed);
    // Process()'s crossing test, "armed < 0, previous < 0, y >= 0 or armed
    // > 0, previous > 0, y <= 0", is "armed x previous > 0 and armed x y <=
    // 0" with armed in {-1, NaN, +1} (a sign change is exact; NaN fails).
    // Its second half alone is checked per sample: while armed, previous
    // has armed's sign (it was set beyond the hysteresis on that side, and
    // any sample since on the other side or at 0 stopped here), so it
    // rarely lets through a sample that does not cross.
    if (AnyLane(armed * y <= zero)) [[unlikely]] {
      const LaneMask crosses = (armed * y <= zero) & (armed * previous > zero);
      if (AnyLane(crosses)) {
        Store(run.crossing_previous, previous);
        Store(run.crossing_y, y);
        std::memcpy(run.crosses, &crosses, sizeof crosses);
        run.force_min = run.on_crossings(run, i);
        due = FirstDue(run.force_min, i + 1 - run.length, k + 1, n);
        limit = kAdjacent ? std::min(due, loads) : due;
        // OnSample(): a crossing disarms, then the hysteresis may arm again.
        const Lanes unarmed = Broadcast(std::numeric_limits<double>::quiet_NaN());
        next_armed = arming(y, crosses ? unarmed : armed);
      }
    }
    armed = next_armed;
    previous = y;
  };
  for (; k < limit; ++k, ++i, at += stride) decide(filter(kAdjacent));
  if (kAdjacent && k < due) {  // k = n - 1, gathered: nothing past the frames is read
    decide(filter(false));
    ++k, ++i, at += stride;
  }
  if (k < n) {  // a boundary may be forced: the decisions on sample k are OnLanes()'s
    const Lanes y = filter(kAdjacent && k < loads);
    Store(run.y, y);
    Store(run.next_armed, arming(y, armed));
  }
  Store(run.sum1, sum1);
  Store(run.sum2, sum2);
  Store(run.energy, energy);
  Store(run.previous, previous);
  Store(run.armed, armed);
  run.tap = static_cast<std::size_t>(s - stages) / 8;
  return k;
}

#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
// x86-64-v3 (AVX2) where the toolchain can: the four lanes in one register.
// Contraction into fused multiply-adds is off, so both clones compute
// exactly what Process() computes.
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
std::size_t
RunLanes(LaneRun& run, std::size_t k, std::size_t n) {
  if (run.adjacent) {
    return run.four_lanes ? RunLanesOf<true, true>(run, k, n) : RunLanesOf<false, true>(run, k, n);
  }
  return run.four_lanes ? RunLanesOf<true, false>(run, k, n) : RunLanesOf<false, false>(run, k, n);
}

}  // namespace

void UrmsHalfCycleMeter::RunTogether(UrmsHalfCycleMeter* const* meters, std::size_t count,
                                     const double* const* samples, std::size_t n,
                                     std::size_t stride, std::vector<UrmsHalf>* const* outs) {
  constexpr std::size_t kLanes = kMaxTogether;
  const UrmsHalfCycleMeter& design = *meters[0];
  LaneRun run;
  run.taps = static_cast<std::size_t>(design.filter_length_);
  run.tap = design.tap_;
  run.ring_mask = design.ring_mask_;
  run.stride = stride;
  run.length = design.filter_length_;
  run.first_sample = design.samples_seen_;
  run.inverse_length_squared = design.inverse_length_squared_;
  run.four_lanes = count == kLanes;
  run.adjacent = count >= 3;
  for (std::size_t c = 1; c < count; ++c)
    run.adjacent = run.adjacent && samples[c] == samples[0] + c;
  run.meters = meters;
  run.outs = outs;
  run.count = count;
  // OnSample()'s crossing part on each crossing lane (the lanes past count
  // copy lane 0), then the smallest forcing position, as OnLanes() gives it.
  // The smallest is taken in the same pass (std::min keeps the first of
  // equals, as std::min_element does).
  run.on_crossings = [](LaneRun& r, std::int64_t i) {
    double force_min = 0.0;
    for (std::size_t c = 0; c < r.count; ++c) {
      if (r.crosses[c] != 0) {
        r.force_at[c] =
            r.meters[c]->CrossingAt(i, r.crossing_previous[c], r.crossing_y[c], r.outs[c]);
      }
      force_min = c == 0 ? r.force_at[0] : std::min(force_min, r.force_at[c]);
    }
    return force_min;
  };
  // A lane without a meter is a copy of lane 0 (input, state, sums into
  // lane 0's ring): it never stops a run on its own, and needs no mask.
  std::vector<double> stages(8 * run.taps);
  run.stages = stages.data();
  for (std::size_t c = 0; c < kLanes; ++c) {
    UrmsHalfCycleMeter& m = *meters[c < count ? c : 0];
    run.in[c] = samples[c < count ? c : 0];
    run.energy_rings[c] = m.energy_.data();
    run.energy[c] = m.RunningEnergy();
    for (std::size_t t = 0; t < run.taps; ++t) {
      stages[8 * t + c] = m.stage1_[t];
      stages[8 * t + 4 + c] = m.stage2_[t];
    }
    run.sum1[c] = m.sum1_;
    run.sum2[c] = m.sum2_;
    run.previous[c] = m.previous_output_;
    run.armed[c] = LaneOfArmed(m.armed_);
    run.hysteresis[c] = m.hysteresis_;
    run.force_at[c] = m.ForcedAfter();
  }
  // Adjacent lanes: lane 3 past three meters reads another channel; unarmed
  // and with an infinite hysteresis it never arms, so never crosses.
  const bool spare_lane_reads_another_channel = run.adjacent && count < kLanes;
  if (spare_lane_reads_another_channel) {
    run.armed[3] = LaneOfArmed(0);
    run.hysteresis[3] = std::numeric_limits<double>::infinity();
  }
  run.force_min = *std::min_element(run.force_at, run.force_at + count);
  for (std::size_t k = 0; (k = RunLanes(run, k, n)) < n; ++k) {
    const std::int64_t i = run.first_sample + static_cast<std::int64_t>(k);
    run.force_min = OnLanes(meters, count, i, run.previous, run.y, run.armed, run.next_armed,
                            run.force_at, outs);
    if (spare_lane_reads_another_channel) run.next_armed[3] = LaneOfArmed(0);
    std::copy_n(run.next_armed, kLanes, run.armed);
    std::copy_n(run.y, kLanes, run.previous);
  }
  for (std::size_t c = 0; c < count; ++c) {
    UrmsHalfCycleMeter& m = *meters[c];
    for (std::size_t t = 0; t < run.taps; ++t) {
      m.stage1_[t] = stages[8 * t + c];
      m.stage2_[t] = stages[8 * t + 4 + c];
    }
    m.samples_seen_ = run.first_sample + static_cast<std::int64_t>(n);
    m.tap_ = run.tap;
    m.sum1_ = run.sum1[c];
    m.sum2_ = run.sum2[c];
    m.previous_output_ = run.previous[c];
    m.armed_ = ArmedOfLane(run.armed[c]);
    if (m.pending_count_ > 0) m.FlushPending(outs[c]);
  }
}

// Once per half cycle and phase, the fixed cost of Urms(1/2) that does not
// shrink with the sample rate: the steady state (all that a recording but
// its start and its interruptions sees) takes straight-line code with the
// arithmetic of OnCrossingUnsteady() and AddBoundary() for that state,
// inline in CrossingAt() (no call, and ForcedAfter() reuses what it stored).
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline void
UrmsHalfCycleMeter::OnCrossing(double position, std::vector<UrmsHalf>* out) {
  if (!steady_) [[unlikely]] {
    OnCrossingUnsteady(position, out);
    return;
  }
  if (position - boundary_[0] < closest_crossing_) return;
  const double period = position - boundary_[1];
  if (period >= shortest_period_ && period <= longest_period_) half_period_ = period / 2.0;
  const double span = 2.0 * half_period_;
  if (position - span >= 0.0) [[likely]] {
    // Kept for FlushPending(), unless the ring may not hold the oldest
    // kept window by then (see pending_reach_).
    if (pending_count_ == kPending ||
        (pending_count_ > 0 && position - pending_[0].from > pending_reach_)) {
      FlushPending(out);
    }
    pending_[pending_count_++] = {position - span, position, span};
  }
  boundary_[2] = boundary_[1];
  boundary_[1] = boundary_[0];
  boundary_[0] = position;
  boundary_measured_[2] = true;  // boundary_measured_[1], true when steady
}

#if defined(__GNUC__)
__attribute__((noinline, cold))
#endif
void UrmsHalfCycleMeter::OnCrossingUnsteady(double position, std::vector<UrmsHalf>* out) {
  // A crossing closer than a quarter of a nominal half cycle to the previous
  // boundary is noise that got through the hysteresis, not the fundamental.
  if (boundaries_ > 0 && position - boundary_[0] < closest_crossing_) return;
  if (boundaries_ >= 2 && boundary_measured_[0] && boundary_measured_[1]) {
    const double period = position - boundary_[1];
    // IEC 61000-4-30 4.4: the fundamental stays within +-15 % of nominal; a
    // span outside that is a transient, not a new period.
    if (period >= shortest_period_ && period <= longest_period_) half_period_ = period / 2.0;
  }
  AddBoundary(position, true, out);
}

// Sum of squares over [from, to] in sample positions, sample i standing for
// [i - 0.5, i + 0.5): the end samples count by the fraction inside. With S(t)
// the sum of squares before position t (linear within a sample), it is
// S(to) - S(from): each end needs the running sums before and through its
// sample. AddBoundary() and FlushPending() call it with 0 <= from <= to <=
// the latest sample, and while the ring still holds every running sum it
// reads (from the one before `from`'s sample on): a window shorter than the
// ring less the filter delay, computed within pending_reach_ of it.
// Straight-line code, inline where it is called: it runs once per Urms(1/2)
// value.
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline double
UrmsHalfCycleMeter::Energy(double from, double to) const {
  const double* const ring = energy_.data();
  const std::size_t mask = ring_mask_;
  // Sample k's span holds t: k = floor(t + 1/2) (a truncation: t >= 0).
  const double from_shifted = from + 0.5, to_shifted = to + 0.5;
  const auto first = static_cast<std::int64_t>(from_shifted);
  const auto last = static_cast<std::int64_t>(to_shifted);
  // The window is shorter than the ring, so the sums restart at most once
  // inside it, at the multiple of R at or before `last`; from there on they
  // continue from the whole segment before it, whose last slot no sample
  // since has reached. The slot before sample 0 (a ring slot not yet
  // written) holds 0, so the first window needs no case of its own.
  const std::int64_t restart = last & ~static_cast<std::int64_t>(mask);
  // S(t) in sample k's span: the sum through k - 1 plus the part of x_k^2 before t.
  auto within = [](double t_shifted, std::int64_t k, double lower, double upper) {
    return lower + (t_shifted - static_cast<double>(k)) * (upper - lower);
  };
  if (first > restart) [[likely]] {
    // No restart inside the window (the sums carried below are all 0 then,
    // and adding 0 to a sum of squares changes nothing): four reads.
    const double to_part = within(to_shifted, last, ring[static_cast<std::size_t>(last - 1) & mask],
                                  ring[static_cast<std::size_t>(last) & mask]);
    const double from_part =
        within(from_shifted, first, ring[static_cast<std::size_t>(first - 1) & mask],
               ring[static_cast<std::size_t>(first) & mask]);
    return std::max(0.0, to_part - from_part);
  }
  const double carried =
      first <= restart ? ring[static_cast<std::size_t>(restart - 1) & mask] : 0.0;
  auto through = [&](std::int64_t i) {  // x^2 summed through sample i, one scale
    return ring[static_cast<std::size_t>(i) & mask] + (i >= restart ? carried : 0.0);
  };
  auto before = [&](double t_shifted, std::int64_t k) {
    return within(t_shifted, k, through(k - 1), through(k));
  };
  return std::max(0.0, before(to_shifted, last) - before(from_shifted, first));
}

// Inline where a crossing or a forced boundary calls it: once per value.
#if defined(__GNUC__)
__attribute__((always_inline))
#endif
inline void
UrmsHalfCycleMeter::AddBoundary(double position, bool measured, std::vector<UrmsHalf>* out) {
  if (pending_count_ > 0) FlushPending(out);
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
  steady_ = emitting_ && boundaries_ == 3 && boundary_measured_[0] && boundary_measured_[1];
}

// The values of up to kPending steady crossings at once: each one's two
// times, window energy, division and square root depend only on what its
// crossing stored, so the processor overlaps them, where one value at a time
// each waited on its own chain of divisions (BM_UrmsThreePhasesTogether at
// 2 kS/s: 144 -> 128 us). The same arithmetic in the same order: the same
// values, in the same order in `out`.
void UrmsHalfCycleMeter::FlushPending(std::vector<UrmsHalf>* out) {
  std::array<UrmsHalf, kPending> values;
  const std::size_t n = pending_count_;
  for (std::size_t k = 0; k < n; ++k) {
    const PendingValue& p = pending_[k];
    values[k].window_start = TimeAt(p.from);
    values[k].window_end = TimeAt(p.to);
    values[k].urms_v = std::sqrt(Energy(p.from, p.to) / p.span);
    values[k].measured = true;
  }
  out->insert(out->end(), values.begin(), values.begin() + static_cast<std::ptrdiff_t>(n));
  pending_count_ = 0;
}

}  // namespace pqa::vtcd
