#include "host/flicker/pinst_chain.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstring>
#include <numbers>
#include <type_traits>

#include "host/flicker/weighting_filter.h"

namespace pqa::flicker {
namespace {

constexpr double kHighPassHz = 0.05;          // IEC 61000-4-15 block 3
constexpr double kAdaptorTimeConstantS = 60;  // block 1
constexpr double kSlidingMeanS = 0.3;         // block 4
constexpr double kReferenceHz = 8.8;          // block 4 scaling point

int DecimationFor(double sample_rate_hz, double target_internal_rate_hz) {
  return std::max(1, static_cast<int>(std::lround(sample_rate_hz / target_internal_rate_hz)));
}

double ExponentialAlpha(double time_constant_s, double rate_hz) {
  return -std::expm1(-1 / (time_constant_s * rate_hz));
}

// At fo ~ 400 Hz the matched-z Butterworth and weighting depart from the
// analog blocks smoothly in f^2 (together about -0.4 % at 10 Hz, -4.6 % at 33 Hz).
// The decimator's compensator takes this out: it makes the chain's gain,
// relative to its gain at 1 Hz, the standard's analog one (Butterworth x
// weighting) at 0.68 and 0.96 of the cut-off; at 8.8 Hz the scaling makes
// it exact.
Decimator::Equalisation AnalogEqualisation(const FlickerConfig& config, double fo) {
  const double fc = DemodulationCutoffHz(config.supply_hz);
  const Lamp lamp = ResolveLamp(config);
  const std::vector<BiquadCoefficients> butterworth = MatchedButterworthLowPass(6, fc, fo);
  const std::vector<BiquadCoefficients> weighting = DigitalWeighting(lamp, fo);
  // Digital over analog gain of Butterworth x weighting.
  auto ratio = [&](double f) {
    const double digital = std::abs(Response(butterworth, f, fo) * Response(weighting, f, fo));
    return digital / (AnalogWeightingGain(lamp, f) / std::sqrt(1 + std::pow(f / fc, 12)));
  };
  // Relative to the low band (a constant factor is the scaling's business).
  const double low = ratio(1.0);
  Decimator::Equalisation e{};
  const double at_hz[2] = {0.68 * fc, 0.96 * fc};
  for (int i = 0; i < 2; ++i) {
    e.nu[i] = at_hz[i] / fo;
    e.gain[i] = ratio(at_hz[i]) / low;
  }
  return e;
}

// y[n] = y[n-1] + alpha (x[n] - y[n-1]).
std::complex<double> ExponentialResponse(double alpha, double f_hz, double rate_hz) {
  const std::complex<double> z1 = std::polar(1.0, -2 * std::numbers::pi * f_hz / rate_hz);
  return alpha / (1.0 - (1 - alpha) * z1);
}

}  // namespace

PinstChain::PinstChain(const FlickerConfig& config) : PinstChain(config, kTargetInternalRateHz) {}

PinstChain::PinstChain(const FlickerConfig& config, double target_internal_rate_hz)
    : sample_rate_hz_(config.sample_rate_hz),
      internal_rate_hz_(config.sample_rate_hz /
                        DecimationFor(config.sample_rate_hz, target_internal_rate_hz)),
      decimator_(DecimationFor(config.sample_rate_hz, target_internal_rate_hz),
                 AnalogEqualisation(config, internal_rate_hz_)),
      demodulation_low_pass_(
          MatchedButterworthLowPass(6, DemodulationCutoffHz(config.supply_hz), internal_rate_hz_)),
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

namespace {

// One lane per chain (GCC/Clang vector extension; two SSE2 halves in the
// baseline build). No fused multiply-add is formed: the baseline has none,
// so every lane computes exactly what Step() computes.
typedef double Lanes __attribute__((vector_size(32)));
typedef long long LaneMask __attribute__((vector_size(32)));
#pragma GCC diagnostic ignored "-Wpsabi"  // Lanes never crosses a call boundary

// Everything taking or returning Lanes is forced inline into RunTogether:
// an out-of-line call would pass them differently in its AVX2 clone.
inline __attribute__((always_inline)) Lanes Broadcast(double v) { return Lanes{v, v, v, v}; }

// std::max(a, b) lane by lane: (a < b) ? b : a, NaN handling included.
inline __attribute__((always_inline)) Lanes Max(Lanes a, Lanes b) { return a < b ? b : a; }

// The correctly rounded square root of every lane, two SSE2 instructions
// (a NaN stays NaN, as std::sqrt gives it).
inline __attribute__((always_inline)) Lanes SquareRoot(Lanes a) {
#if defined(__GNUC__) && defined(__SSE2__) && !defined(__clang__)
  typedef double Pair __attribute__((vector_size(16)));
  const Pair low = __builtin_ia32_sqrtpd(Pair{a[0], a[1]});
  const Pair high = __builtin_ia32_sqrtpd(Pair{a[2], a[3]});
  return Lanes{low[0], low[1], high[0], high[1]};
#else
  for (std::size_t c = 0; c < 4; ++c) a[c] = std::sqrt(a[c]);
  return a;
#endif
}

// Whether two coefficient sets are equal (Section: BiquadCascade's, read in
// place: CanRunTogether runs once per block of every phase group, where a
// copy of each cascade's coefficients was most of its cost).
bool SameCoefficients(const BiquadCoefficients& a, const BiquadCoefficients& b) {
  return a.b0 == b.b0 && a.b1 == b.b1 && a.b2 == b.b2 && a.a1 == b.a1 && a.a2 == b.a2;
}

inline __attribute__((always_inline)) Lanes Load(const double* p) {
  Lanes v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// A biquad's coefficients, each in every lane: the multiplications take
// them from memory as they are (a scalar coefficient needs a broadcast
// first, an instruction per use).
struct LaneCoefficients {
  Lanes b0, b1, b2, a1, a2;
};

// A BiquadCascade's sections with their states in lanes.
template <std::size_t kSections>
struct LaneCascade {
  std::array<LaneCoefficients, kSections> c;
  std::array<Lanes, kSections> z1{}, z2{};
};

// BiquadCascade::Step() on every lane.
template <std::size_t kSections>
inline __attribute__((always_inline)) Lanes CascadeStep(LaneCascade<kSections>& f, Lanes in) {
  for (std::size_t s = 0; s < kSections; ++s) {
    const LaneCoefficients& k = f.c[s];
    const Lanes y = k.b0 * in + f.z1[s];
    f.z1[s] = k.b1 * in - k.a1 * y + f.z2[s];
    f.z2[s] = k.b2 * in - k.a2 * y;
    in = y;
  }
  return in;
}

}  // namespace

bool PinstChain::CanRunTogether(const PinstChain* const* chains, std::size_t count) {
  if (count < 1 || count > kMaxTogether) return false;
  const PinstChain& first = *chains[0];
  if (first.demodulation_low_pass_.sections_.size() != 3 ||
      first.weighting_.sections_.size() != 2) {
    return false;
  }
  auto same_sections = [](const BiquadCascade& a, const BiquadCascade& b) {
    if (a.sections_.size() != b.sections_.size()) return false;
    for (std::size_t s = 0; s < a.sections_.size(); ++s) {
      if (!SameCoefficients(a.sections_[s].c, b.sections_[s].c)) return false;
    }
    return true;
  };
  for (std::size_t c = 1; c < count; ++c) {
    const PinstChain& o = *chains[c];
    // (The sinc^4's taps follow from the factor alone.)
    if (o.decimator_.factor_ != first.decimator_.factor_ ||
        o.decimator_.phase_ != first.decimator_.phase_ ||
        o.decimator_.compensator_ != first.decimator_.compensator_ ||
        !same_sections(o.demodulation_low_pass_, first.demodulation_low_pass_) ||
        !same_sections(o.weighting_, first.weighting_) ||
        o.adaptor_alpha_ != first.adaptor_alpha_ || o.high_pass_alpha_ != first.high_pass_alpha_ ||
        o.mean_alpha_ != first.mean_alpha_ || o.scale_ != first.scale_ ||
        o.warm_up_steps_ != first.warm_up_steps_) {
      return false;
    }
  }
  return true;
}

// x86-64-v3 (AVX2) where the toolchain can: a lane vector per register.
// Contraction into fused multiply-adds is off, so both clones compute
// exactly what Step() computes.
#if defined(__GNUC__) && defined(__x86_64__) && !defined(__clang__)
__attribute__((target_clones("arch=x86-64-v3", "default"), optimize("fp-contract=off")))
#endif
std::size_t
PinstChain::RunTogether(PinstChain* const* chains, std::size_t count, const double* const* x,
                        std::size_t n, std::size_t stride, std::size_t* at, double* pinst,
                        std::size_t* outputs) {
  constexpr int kTaps = Decimator::kInputTapsPerPhase;
  constexpr int kHistory = Decimator::kCompensatorTaps - 1;
  PinstChain& design = *chains[0];
  const int factor = design.decimator_.factor_;
  // The sinc^4's taps, each repeated for the four lanes (built once per
  // chain): the multiply-adds at the input rate take them from memory.
  const std::vector<double>& scalar_taps = design.decimator_.input_taps_;
  if (design.lane_taps_.size() != 4 * scalar_taps.size()) {
    design.lane_taps_.resize(4 * scalar_taps.size());
    for (std::size_t t = 0; t < scalar_taps.size(); ++t) {
      std::fill_n(design.lane_taps_.begin() + static_cast<std::ptrdiff_t>(4 * t), 4,
                  scalar_taps[t]);
    }
  }
  const double* taps = design.lane_taps_.data();
  std::array<Lanes, 3> compensator;
  for (std::size_t j = 0; j < 3; ++j) compensator[j] = Broadcast(design.decimator_.compensator_[j]);
  // State into lanes (unused lanes run on zeros and are never stored).
  std::array<Lanes, kTaps> acc{};
  std::array<Lanes, kHistory> history{};
  LaneCascade<3> low_pass;
  LaneCascade<2> weighting;
  auto lanes_of = [](const BiquadCoefficients& k) {
    return LaneCoefficients{Broadcast(k.b0), Broadcast(k.b1), Broadcast(k.b2), Broadcast(k.a1),
                            Broadcast(k.a2)};
  };
  for (std::size_t s = 0; s < 3; ++s) {
    low_pass.c[s] = lanes_of(design.demodulation_low_pass_.sections_[s].c);
  }
  for (std::size_t s = 0; s < 2; ++s) weighting.c[s] = lanes_of(design.weighting_.sections_[s].c);
  Lanes steps{}, mean_rms{}, high_pass_dc{}, previous{}, sliding{};
  for (std::size_t c = 0; c < count; ++c) {
    const PinstChain& ch = *chains[c];
    for (int j = 0; j < kTaps; ++j) acc[j][c] = ch.decimator_.acc_[j];
    for (int j = 0; j < kHistory; ++j) history[j][c] = ch.decimator_.history_[j];
    for (std::size_t s = 0; s < 3; ++s) {
      low_pass.z1[s][c] = ch.demodulation_low_pass_.sections_[s].z1;
      low_pass.z2[s][c] = ch.demodulation_low_pass_.sections_[s].z2;
    }
    for (std::size_t s = 0; s < 2; ++s) {
      weighting.z1[s][c] = ch.weighting_.sections_[s].z1;
      weighting.z2[s][c] = ch.weighting_.sections_[s].z2;
    }
    // Steps are counted in doubles: exact far beyond any recording (2^53).
    steps[c] = static_cast<double>(ch.steps_);
    mean_rms[c] = ch.mean_rms_;
    high_pass_dc[c] = ch.high_pass_dc_;
    previous[c] = ch.previous_normalised_;
    sliding[c] = ch.sliding_mean_;
  }
  // Once 1 / k is below both alphas for every chain, at every output of
  // the call, Step()'s max(alpha, 1 / k) is alpha and k == 1 never holds:
  // the outputs take the steady path below (the same operations on the
  // same values, without the warm-up's and the lanes' masks).
  std::int64_t fewest_steps = chains[0]->steps_;
  for (std::size_t c = 1; c < count; ++c) fewest_steps = std::min(fewest_steps, chains[c]->steps_);
  const bool steady = static_cast<double>(fewest_steps - design.warm_up_steps_) >=
                      1 / std::min(design.adaptor_alpha_, design.high_pass_alpha_) + 1;
  const Lanes warm_up = Broadcast(static_cast<double>(design.warm_up_steps_));
  const Lanes adaptor_alpha = Broadcast(design.adaptor_alpha_);
  const Lanes high_pass_alpha = Broadcast(design.high_pass_alpha_);
  const Lanes mean_alpha = Broadcast(design.mean_alpha_);
  const Lanes scale = Broadcast(design.scale_);
  const Lanes zero{}, one = Broadcast(1), half = Broadcast(0.5);
  LaneMask used{};  // lanes that carry a chain
  for (std::size_t c = 0; c < count; ++c) used[c] = -1;

  // Every lane reads a chain's samples; the unused ones repeat chain 0's
  // (computed, never stored), so the gather has no branch.
  std::array<const double*, 4> lane_x{};
  for (std::size_t c = 0; c < 4; ++c) lane_x[c] = x[c < count ? c : 0];
  // Channels side by side in a frame (the usual phases A, B, C): one load
  // takes the lanes' samples. The lanes past count then read what follows
  // the last chain's sample (computed, never stored). Up to the last sample
  // but one that stays within the samples read anyway (x[count - 1] through
  // sample n - 1) when stride + count >= 4, as with channels of one frame
  // (stride >= count) from three chains on; the last sample is gathered.
  bool adjacent = stride + count >= 4;
  for (std::size_t c = 1; c < count; ++c) adjacent = adjacent && x[c] == x[0] + c;
  const std::size_t adjacent_end = adjacent ? n - 1 : 0;  // samples [0, adjacent_end) by one load
  int phase = design.decimator_.phase_;
  // The outputs are written in place (a push_back per value was a seventh
  // of the loop's instructions at 2 kS/s): a whole lane vector per output,
  // count values apart (the caller's room covers the unused lanes of the last).
  std::size_t* at_out = at;
  double* pinst_out = pinst;
  std::size_t i = 0;
  bool stop = false;
  // Step() on every lane past the expanding means (`steady`), every lane
  // finite: alpha for max(alpha, 1 / k), k > 1, and no lane keeps its state.
  auto steady_step = [&](const Lanes& w) __attribute__((always_inline)) {
    const Lanes rms = SquareRoot(Max(w, zero));
    mean_rms = mean_rms + adaptor_alpha * (rms - mean_rms);
    const Lanes r2 = mean_rms * mean_rms;
    const Lanes normalised = r2 > zero ? w / r2 : zero;
    high_pass_dc = high_pass_dc + high_pass_alpha * (half * (normalised + previous) - high_pass_dc);
    previous = normalised;
    const Lanes f = CascadeStep(weighting, normalised - high_pass_dc);
    sliding = sliding + mean_alpha * (f * f - sliding);
    return scale * sliding;
  };
  // Step() on every lane otherwise (`valid`: the lanes where w is finite);
  // a lane still warming up (or poisoned) keeps the rest of its state, as
  // Step() returns early there.
  auto warming_step = [&](const Lanes& w, const LaneMask& valid) __attribute__((always_inline)) {
    const Lanes next_steps = valid ? steps + one : steps;
    const LaneMask live = valid & (next_steps > warm_up);
    steps = next_steps;
    const Lanes k = next_steps - warm_up;
    // Vector square roots (SSE2's, in both clones; the operand is >= 0 or
    // NaN): correctly rounded, as std::sqrt in Step().
    const Lanes rms = SquareRoot(Max(w, zero));
    const Lanes inverse_k = one / k;
    const Lanes new_mean = mean_rms + Max(adaptor_alpha, inverse_k) * (rms - mean_rms);
    const Lanes r2 = new_mean * new_mean;
    const Lanes normalised = r2 > zero ? w / r2 : zero;
    const Lanes before = k == one ? normalised : previous;
    const Lanes new_dc = high_pass_dc + Max(high_pass_alpha, inverse_k) *
                                            (half * (normalised + before) - high_pass_dc);
    LaneCascade<2> stepped = weighting;
    const Lanes f = CascadeStep(stepped, normalised - new_dc);
    const Lanes new_sliding = sliding + mean_alpha * (f * f - sliding);
    mean_rms = live ? new_mean : mean_rms;
    high_pass_dc = live ? new_dc : high_pass_dc;
    previous = live ? normalised : previous;
    sliding = live ? new_sliding : sliding;
    for (std::size_t s = 0; s < 2; ++s) {
      weighting.z1[s] = live ? stepped.z1[s] : weighting.z1[s];
      weighting.z2[s] = live ? stepped.z2[s] : weighting.z2[s];
    }
    // Step()'s return value: w if not finite, 0 while warming up.
    const Lanes scaled = scale * sliding;
    return valid ? (live ? scaled : zero) : w;
  };
  // Outputs go chunk by chunk in two passes: the decimator over the
  // chunk's inputs, then blocks 3-4 over its outputs. Each pass keeps its
  // own state in registers (together they spilled a third of the
  // instructions per output at 2 kS/s), and a non-finite value is looked
  // for once per chunk. A chunk that meets one is rolled back and run
  // output by output below, which stops after the exact output.
  constexpr std::size_t kChunk = 64;
  std::array<Lanes, kChunk> chunk;
  while (true) {
    const std::size_t chunk_outputs =
        std::min(kChunk, (static_cast<std::size_t>(phase) + (n - i)) / factor);
    if (chunk_outputs == 0) break;
    const std::size_t first_input = i;
    const int first_phase = phase;
    const std::array<Lanes, kTaps> first_acc = acc;
    const std::array<Lanes, kHistory> first_history = history;
    const auto first_low_pass_z1 = low_pass.z1, first_low_pass_z2 = low_pass.z2;
    const auto first_weighting_z1 = weighting.z1, first_weighting_z2 = weighting.z2;
    const Lanes first_steps = steps, first_mean_rms = mean_rms, first_high_pass_dc = high_pass_dc,
                first_previous = previous, first_sliding = sliding;
    // Pass 1: block 2 and the decimator, the lanes' samples in one load
    // where adjacent_end allows it (the chunk's last input decides).
    // A whole block of a factor known at compile time (fixed_factor, 0 if
    // none; given only with the lanes in one load) is unrolled: at 2 kS/s
    // (D = 5) the loop's counting was a third of the instructions per input
    // sample.
    auto decimate = [&](auto sample, auto fixed_factor) __attribute__((always_inline)) {
      constexpr int kFactor = decltype(fixed_factor)::value;
      std::size_t o = 0;
      // From the chain's phase to the end of its block.
      auto rest_of_block = [&] __attribute__((always_inline)) {
        const double* h = taps + 4 * phase * kTaps;
        for (const std::size_t end = i + static_cast<std::size_t>(factor - phase); i < end; ++i) {
          const Lanes u = sample(i);
          const Lanes v = u * u;
          for (int j = 0; j < kTaps; ++j) acc[j] += Load(h + 4 * j) * v;
          h += 4 * kTaps;
        }
        phase = 0;
        at_out[o] = i - 1;
        chunk[o] = Decimator::CompleteOutput(compensator, acc, history);
        ++o;
      };
      if constexpr (kFactor > 0) {
        if (phase != 0) rest_of_block();
        for (; o < chunk_outputs; ++o) {
          // (Lanes in one load only: the pointer steps by the stride.)
          const double* frame = lane_x[0] + i * stride;
#pragma GCC unroll 16
          for (int p = 0; p < kFactor; ++p, frame += stride) {
            const Lanes u = Load(frame);
            const Lanes v = u * u;
            for (int j = 0; j < kTaps; ++j) acc[j] += Load(taps + 4 * (p * kTaps + j)) * v;
          }
          i += kFactor;
          at_out[o] = i - 1;
          chunk[o] = Decimator::CompleteOutput(compensator, acc, history);
        }
      } else {
        while (o < chunk_outputs) rest_of_block();
      }
    };
    const std::size_t last_input = i + chunk_outputs * factor - static_cast<std::size_t>(phase) - 1;
    auto load = [&](std::size_t k) __attribute__((always_inline)) {
      return Load(lane_x[0] + k * stride);
    };
    auto gather = [&](std::size_t k) __attribute__((always_inline)) {
      const std::size_t at_k = k * stride;
      return Lanes{lane_x[0][at_k], lane_x[1][at_k], lane_x[2][at_k], lane_x[3][at_k]};
    };
    if (last_input >= adjacent_end) {
      decimate(gather, std::integral_constant<int, 0>{});
    } else if (factor == 5) {  // 2 kS/s
      decimate(load, std::integral_constant<int, 5>{});
    } else {
      decimate(load, std::integral_constant<int, 0>{});
    }
    // Pass 2: blocks 3-4 at fo (w - w: 0 if finite, NaN otherwise).
    Lanes not_finite{};
    auto fo_pass = [&](auto step) __attribute__((always_inline)) {
      for (std::size_t o = 0; o < chunk_outputs; ++o) {
        const Lanes w = CascadeStep(low_pass, chunk[o]);
        const Lanes not_finite_w = w - w;
        not_finite += not_finite_w;
        const Lanes value = step(w, not_finite_w);
        std::memcpy(pinst_out + o * count, &value, sizeof value);
      }
    };
    if (steady) {
      fo_pass([&](const Lanes& w, const Lanes&)
                  __attribute__((always_inline)) { return steady_step(w); });
    } else {
      fo_pass([&](const Lanes& w, const Lanes& not_finite_w)
                  __attribute__((always_inline)) { return warming_step(w, not_finite_w == zero); });
    }
    const LaneMask poisoned = used & ~(not_finite == zero);
    if ((poisoned[0] | poisoned[1] | poisoned[2] | poisoned[3]) != 0) {
      i = first_input;
      phase = first_phase;
      steps = first_steps;
      acc = first_acc;
      history = first_history;
      low_pass.z1 = first_low_pass_z1;
      low_pass.z2 = first_low_pass_z2;
      weighting.z1 = first_weighting_z1;
      weighting.z2 = first_weighting_z2;
      mean_rms = first_mean_rms;
      high_pass_dc = first_high_pass_dc;
      previous = first_previous;
      sliding = first_sliding;
      break;
    }
    if (steady) steps += Broadcast(static_cast<double>(chunk_outputs));  // whole numbers: exact
    at_out += chunk_outputs;
    pinst_out += chunk_outputs * count;
  }
  while (i < n && !stop) {
    // The input rate part, up to the end of the block of D (or of x): the
    // sinc^4's multiply-adds only.
    const std::size_t run = std::min(n - i, static_cast<std::size_t>(factor - phase));
    const double* h = taps + 4 * phase * kTaps;
    const std::size_t end = i + run;
    // Block 2, squaring demodulator, and the multiply-adds.
    auto feed = [&](const Lanes& u) __attribute__((always_inline)) {
      const Lanes v = u * u;
      for (int j = 0; j < kTaps; ++j) acc[j] += Load(h + 4 * j) * v;
      h += 4 * kTaps;
    };
    for (const std::size_t loads = std::min(end, adjacent_end); i < loads; ++i) {
      feed(Load(lane_x[0] + i * stride));
    }
    for (; i < end; ++i) {
      const std::size_t k = i * stride;
      feed(Lanes{lane_x[0][k], lane_x[1][k], lane_x[2][k], lane_x[3][k]});
    }
    phase += static_cast<int>(run);
    if (phase < factor) break;  // x ends within the block
    phase = 0;
    const Lanes demodulated = Decimator::CompleteOutput(compensator, acc, history);

    // Step(), lane by lane.
    const Lanes w = CascadeStep(low_pass, demodulated);
    const LaneMask valid = w - w == zero;  // finite; the others end the run below
    const LaneMask poisoned = used & ~valid;
    stop = (poisoned[0] | poisoned[1] | poisoned[2] | poisoned[3]) != 0;
    if (steady && !stop) {
      steps += one;
      const Lanes value = steady_step(w);
      *at_out++ = i - 1;
      std::memcpy(pinst_out, &value, sizeof value);
      pinst_out += count;
      continue;
    }
    const Lanes value = warming_step(w, valid);
    *at_out++ = i - 1;
    std::memcpy(pinst_out, &value, sizeof value);
    pinst_out += count;
  }
  *outputs = static_cast<std::size_t>(at_out - at);
  // Lanes back into the chains.
  for (std::size_t c = 0; c < count; ++c) {
    PinstChain& ch = *chains[c];
    ch.decimator_.phase_ = phase;
    for (int j = 0; j < kTaps; ++j) ch.decimator_.acc_[j] = acc[j][c];
    for (int j = 0; j < kHistory; ++j) ch.decimator_.history_[j] = history[j][c];
    for (std::size_t s = 0; s < 3; ++s) {
      ch.demodulation_low_pass_.sections_[s].z1 = low_pass.z1[s][c];
      ch.demodulation_low_pass_.sections_[s].z2 = low_pass.z2[s][c];
    }
    for (std::size_t s = 0; s < 2; ++s) {
      ch.weighting_.sections_[s].z1 = weighting.z1[s][c];
      ch.weighting_.sections_[s].z2 = weighting.z2[s][c];
    }
    ch.steps_ = static_cast<std::int64_t>(steps[c]);
    ch.mean_rms_ = mean_rms[c];
    ch.high_pass_dc_ = high_pass_dc[c];
    ch.previous_normalised_ = previous[c];
    ch.sliding_mean_ = sliding[c];
  }
  return i;
}

std::size_t PinstChain::MaxOutputs(const PinstChain& chain, std::size_t n) {
  return (static_cast<std::size_t>(chain.decimator_.phase_) + n) /
         static_cast<std::size_t>(chain.decimator_.factor_);
}

std::size_t PinstChain::RunTogether(PinstChain* const* chains, std::size_t count,
                                    const double* const* x, std::size_t n, std::size_t stride,
                                    std::vector<std::size_t>& at, std::vector<double>& pinst) {
  const std::size_t most = MaxOutputs(*chains[0], n);
  const std::size_t at_begin = at.size(), pinst_begin = pinst.size();
  at.resize(at_begin + most);
  pinst.resize(pinst_begin + most * count + (kMaxTogether - count));
  std::size_t outputs = 0;
  const std::size_t used = RunTogether(chains, count, x, n, stride, at.data() + at_begin,
                                       pinst.data() + pinst_begin, &outputs);
  at.resize(at_begin + outputs);
  pinst.resize(pinst_begin + outputs * count);
  return used;
}

}  // namespace pqa::flicker
