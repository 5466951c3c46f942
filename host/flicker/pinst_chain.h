// IEC 61000-4-15 blocks 1 to 4 for one phase: from instantaneous voltage
// samples to the instantaneous flicker sensation Pinst.
//
// Structure (the order of the linear blocks is rearranged where they
// commute, so that the expensive part runs at a low rate):
//   input rate fs:  u -> u^2 (block 2, squaring demodulator)
//                   -> Decimator (sinc^4 FIR computed polyphase, / D:
//                      4 multiply-adds per input sample)
//   internal rate fo = fs / D, D = round(fs / 400): fo is 364..444 Hz
//   (400 Hz at 2, 3.2 and 12.8 kHz, 404 Hz at 15.36 kHz):
//     the Decimator's 5-tap compensator (its droop, and the digital
//         filters' departure from the standard's analog responses, below)
//     w = 6th-order Butterworth low-pass, 35 Hz (50 Hz supply) / 42 Hz (60 Hz)
//         (block 3; removes 2 f0 and above, so sqrt(w) is the RMS envelope),
//         by pole mapping (biquad.h MatchedButterworthLowPass)
//     block 1, input adaptor: R = first-order mean of sqrt(w), 1-minute time
//         constant; n = w / R^2. Dividing u^2 by R^2 is dividing u by R, as
//         the standard's adaptor does; since R varies over a minute it
//         commutes with the filters. A modulation of dV/V percent becomes a
//         component of amplitude dV/V / 100 in n.
//     h = first-order high-pass 0.05 Hz (block 3), bilinear, written as
//         n minus its complementary low-pass in delta form (d += a (x - d)) so
//         that float32 keeps the pole 1 - 8e-4 without loss.
//     f = lamp-eye weighting filter (block 3), two second-order sections.
//     Pinst = S * mean(f^2), first-order sliding mean with 300 ms time
//         constant (block 4).
//
// Why fo ~ 400 Hz: after the decimator only 0..42 Hz matters, and fo must
// keep what folds onto it out: u^2 carries 2 f0 (100/120 Hz, as large as
// its mean) and harmonic products at k f0. Below fo / 2 = 200 Hz nothing
// folds; 2 f0 stays where it is and the Butterworth takes it down 58 dB
// (100 Hz) / 61 dB (120 Hz) at fo = 400 Hz (the analog one: 55 dB). Above, the decimator rejects
// the bands k fo +- 42 Hz by 72 dB or more (decimator.h). A lower fo would
// put 2 f0 near fo / 2 and shrink those rejections. The recursive part then
// costs about a hundred operations per output: a few per input sample at
// 2 kS/s (D = 5) and well under one at 15.36 kS/s (D = 38).
// At fo ~ 400 Hz the bilinear transform would bend the responses where
// they turn (the weighting 0.14 % low below 5 Hz and 3.8 % at 33 Hz
// relative to 8.8 Hz; the Butterworth +0.5 % at 30 Hz, -4 % at 40 Hz), a
// shape no short FIR can undo. Both filters are therefore designed by pole
// mapping (matched z), whose departure from the analog magnitude is smooth
// in f^2 (together about -0.4 % at 10 Hz, -4.6 % at 33 Hz), and the
// compensator restores the analog Butterworth x weighting gain, relative to
// 1 Hz, at 0.68 and 0.96 of the cut-off: from 1 to 40 Hz the chain then
// follows the analog blocks within 0.02 % (pinst_chain_test), the Table
// 1/2/5 rows stay within 0.9 % of Pinst/Pst = 1.
//
// Scaling S is derived analytically from the digital responses at 8.8 Hz:
// the reference modulation m = ref sin(2 pi 8.8 t) reaches the squarer as
// a sin(.) with a = ref |G(8.8 Hz)| (G: FIR x Butterworth x high-pass x
// weighting, each evaluated exactly at its own rate). f^2 = a^2/2 (1 -
// cos(2 pi 17.6 t)), and the sliding mean M passes the ripple with |M(17.6
// Hz)| (about 0.03), so the peak is a^2/2 (1 + |M(17.6)|); S makes that 1.0.
// No simulation is needed and the same formula serves the HLS port.
//
// Float32 (HLS port): every recursive state is written as a second-order
// section or in delta form (y += a (x - y)). The one that float32 cannot
// carry at fo is the 1-minute adaptor mean (a = 4e-5, below the float
// resolution of most increments): keep that accumulator in a wider type or
// update it once per 10/12-cycle window instead of per sample.
//
// Start-up: the first 0.5 s only fill the FIR and the Butterworth (their
// transients die out in ~0.2 s). Then the adaptor mean and the high-pass
// state start from the first value and use an expanding-window mean
// (coefficient max(alpha, 1/k)) until the exponential takes over, so the
// chain settles in seconds instead of minutes. Pinst is 0 before that.
#ifndef PQA_HOST_FLICKER_PINST_CHAIN_H_
#define PQA_HOST_FLICKER_PINST_CHAIN_H_

#include <cstdint>
#include <vector>

#include "host/flicker/biquad.h"
#include "host/flicker/decimator.h"
#include "host/flicker/flicker_config.h"

namespace pqa::flicker {

class PinstChain {
 public:
  static constexpr double kTargetInternalRateHz = 400;
  static constexpr double kWarmUpS = 0.5;

  explicit PinstChain(const FlickerConfig& config);  // config must pass Validate()
  // The same chain at about target_internal_rate_hz (>= kTargetInternalRateHz),
  // for accelerators whose decimation is bounded (host/accel: the HLS kernel
  // takes D <= 128, so above 51.2 kS/s it runs at fs / 128).
  PinstChain(const FlickerConfig& config, double target_internal_rate_hz);

  // Feeds one voltage sample (any unit: the adaptor normalises). Every D-th
  // sample completes a Pinst value: stores it and returns true. A non-finite
  // sample yields a NaN Pinst; the caller restarts the chain.
  bool Push(double u, double* pinst) {
    double v;
    if (!decimator_.Push(u * u, &v)) return false;
    *pinst = Step(v);
    return true;
  }

  // Push() over x[i * stride], i = 0..n-1: emit(i, pinst) for each Pinst,
  // i the input that completed it; emit returns false to stop after it.
  // Returns the inputs consumed.
  template <typename Emit>
  std::size_t PushBlock(const double* x, std::size_t n, std::size_t stride, Emit emit) {
    return decimator_.PushBlock(
        x, n, stride, [](double u) { return u * u; },
        [&](std::size_t i, double v) { return emit(i, Step(v)); });
  }

  // Push() over x[c][i * stride], i = 0..n-1, for chains[c], c < count
  // (1..kMaxTogether), side by side: the recursive filters of one phase
  // wait on their own previous step, so several phases run at once in the
  // lanes of one vector (the same operations in the same order: the same
  // values bit for bit). The chains must pass CanRunTogether(). Each
  // completed Pinst appends its input index to `at` and one value per chain
  // to `pinst` (pinst[o * count + c]); the run stops after an output where
  // some chain's value is not finite (that chain must restart). Returns the
  // inputs consumed.
  static constexpr std::size_t kMaxTogether = 4;
  static std::size_t RunTogether(PinstChain* const* chains, std::size_t count,
                                 const double* const* x, std::size_t n, std::size_t stride,
                                 std::vector<std::size_t>& at, std::vector<double>& pinst);
  // The same into the caller's buffers, which hold at least m =
  // MaxOutputs(*chains[0], n) indices in `at` and m * count + kMaxTogether -
  // count values in `pinst` (a whole lane vector is stored per output);
  // *outputs receives the number of outputs. Buffers kept from call to
  // call spare the zero-filling of vectors grown for every run.
  static std::size_t RunTogether(PinstChain* const* chains, std::size_t count,
                                 const double* const* x, std::size_t n, std::size_t stride,
                                 std::size_t* at, double* pinst, std::size_t* outputs);
  // Most outputs n more inputs can complete (one per D).
  static std::size_t MaxOutputs(const PinstChain& chain, std::size_t n);
  // Same design (rate, supply, lamp) and the same place in the decimation.
  static bool CanRunTogether(const PinstChain* const* chains, std::size_t count);

  void Clear();  // back to the state at construction
  bool warmed_up() const { return steps_ > warm_up_steps_; }
  int decimation() const { return decimator_.factor(); }
  double internal_rate_hz() const { return internal_rate_hz_; }
  double pinst_scale() const { return scale_; }  // S above, dimensionless
  // |G(f)|: the linear part from the normalised u^2 to the weighting output.
  double LinearGain(double f_hz) const;

  // The design, for accelerators that run the same chain (host/accel).
  const Decimator& decimator() const { return decimator_; }
  std::vector<BiquadCoefficients> demodulation_coefficients() const {
    return demodulation_low_pass_.coefficients();
  }
  std::vector<BiquadCoefficients> weighting_coefficients() const {
    return weighting_.coefficients();
  }
  double adaptor_alpha() const { return adaptor_alpha_; }
  double high_pass_alpha() const { return high_pass_alpha_; }
  double mean_alpha() const { return mean_alpha_; }
  std::int64_t warm_up_steps() const { return warm_up_steps_; }

 private:
  double Step(double demodulated);

  double sample_rate_hz_;
  double internal_rate_hz_;
  Decimator decimator_;
  BiquadCascade demodulation_low_pass_;
  BiquadCascade weighting_;
  double adaptor_alpha_;    // 1 - exp(-1 / (60 s * fo))
  double high_pass_alpha_;  // 2 K / (1 + K), K = tan(pi 0.05 / fo)
  double mean_alpha_;       // 1 - exp(-1 / (0.3 s * fo))
  double scale_;
  std::int64_t warm_up_steps_;

  std::vector<double> lane_taps_;  // RunTogether: the decimator's input taps, 4 copies each

  std::int64_t steps_ = 0;
  double mean_rms_ = 0;
  double high_pass_dc_ = 0;
  double previous_normalised_ = 0;
  double sliding_mean_ = 0;
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_PINST_CHAIN_H_
