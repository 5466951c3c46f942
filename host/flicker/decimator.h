// Anti-alias low-pass and decimation by an integer factor D, so that the
// flickermeter's recursive filters run at a low internal rate fo = fs / D
// (about 400 Hz, host/flicker/pinst_chain.h) whatever the input rate fs.
//
// Data flow: x at fs -> sinc^4 FIR, computed polyphase (only the outputs
// kept: kInputTapsPerPhase multiply-adds per input sample, no feedback) ->
// v at fo -> droop compensator (5-tap symmetric FIR at fo) -> y at fo.
//
// Why this filter. The decimated signal only matters in the flicker band,
// 0..42 Hz (the demodulation low-pass after it removes everything above
// 35/42 Hz), so the FIR must (a) be flat to 42 Hz and (b) reject what
// folds onto 0..42 Hz: the bands k fo +- 42 Hz, k >= 1, and nothing else
// (the rest folds onto 42..fo/2 Hz, which the demodulation low-pass and
// the weighting filter remove at fo). A sinc^4 (four length-D moving means
// in cascade, 4D - 3 taps) has fourfold zeros at every k fo, exactly the
// middle of those bands: at fo - 42 Hz, fo ~ 400 Hz, it is down 72 dB
// (D = 5, fs = 2 kHz) to 75 dB (D >= 38, fs >= 15 kHz), at 2 fo - 42 Hz
// 92..101 dB. So an 8.8 Hz modulation riding on u^2 components at 8 f0 =
// 400 Hz (f0 = 50 Hz: products of harmonics) folds onto 8.8 Hz more than
// 130 dB down, and a steady component at fo - 42 Hz 72 dB down. Its droop
// (7 % at 42 Hz) is undone at fo by the compensator C(w) = c0 + 2 c1
// cos w + 2 c2 cos 2w, which is periodic in fo and so leaves those zeros
// in place. C is fitted at three frequencies (DC exactly, so the input
// adaptor sees the true mean; 0.68 and 0.96 of the flat band): the pair
// is flat within 3e-5 (0.006 % of Pinst) up to kFlatBandFraction fo.
//
// The same filter as one FIR at fs, sinc^4 convolved with C spread D
// samples apart, has 8D - 3 taps: phase_taps() gives it in the polyphase
// layout of kTapsPerPhase = 8 per phase, for accelerators (the HLS flicker
// kernel) that run it in one stage; their outputs equal this class's up to
// rounding.
#ifndef PQA_HOST_FLICKER_DECIMATOR_H_
#define PQA_HOST_FLICKER_DECIMATOR_H_

#include <array>
#include <complex>
#include <cstddef>
#include <vector>

namespace pqa::flicker {

class Decimator {
 public:
  static constexpr int kInputTapsPerPhase = 4;  // sinc^4: multiply-adds per input sample
  static constexpr int kCompensatorTaps = 5;    // at fo, symmetric
  // The one-stage equivalent (phase_taps()): outputs it takes to fill.
  static constexpr int kTapsPerPhase = kInputTapsPerPhase + kCompensatorTaps - 1;
  // Flat from DC to this fraction of fo: 0.12 x 360 Hz = 43 Hz, the lowest
  // fo PinstChain uses, covers the 42 Hz demodulation band.
  static constexpr double kFlatBandFraction = 0.12;

  explicit Decimator(int factor);  // factor D >= 1; flat to kFlatBandFraction fo

  // The compensator can also equalise the filters that follow the decimator
  // (PinstChain: the bilinear transforms' departure from the standard's
  // analog responses): C(nu) S(nu) = 1 / gain[i] at nu[i] = f / fo, i = 0, 1,
  // and 1 at DC (S: the sinc^4).
  struct Equalisation {
    double nu[2];
    double gain[2];
  };
  static Equalisation Flat();
  Decimator(int factor, const Equalisation& equalisation);

  // Feeds one input sample; every D-th call completes an output sample,
  // stores it in *out and returns true. The output belongs to the instant
  // of the input sample that completed it.
  bool Push(double x, double* out) {
    const double* h = &input_taps_[phase_ * kInputTapsPerPhase];
    for (int j = 0; j < kInputTapsPerPhase; ++j) acc_[j] += h[j] * x;
    if (++phase_ < factor_) return false;
    phase_ = 0;
    *out = CompleteOutput(compensator_, acc_, history_);
    return true;
  }

  // The same as calling Push(map(x[i * stride]), ...) for i = 0..n-1, with
  // the accumulators held in registers: emit(i, out) receives each output
  // with the index of the input that completed it, and returns false to stop
  // after that input. Returns the inputs consumed (n unless stopped).
  template <typename Map, typename Emit>
  std::size_t PushBlock(const double* x, std::size_t n, std::size_t stride, Map map, Emit emit) {
    std::array<double, kInputTapsPerPhase> acc = acc_;
    int phase = phase_;
    const double* taps = input_taps_.data();
    std::size_t i = 0;
    while (i < n) {
      const double v = map(x[i * stride]);
      const double* h = taps + phase * kInputTapsPerPhase;
      for (int j = 0; j < kInputTapsPerPhase; ++j) acc[j] += h[j] * v;
      ++i;
      if (++phase < factor_) continue;
      phase = 0;
      if (!emit(i - 1, CompleteOutput(compensator_, acc, history_))) break;
    }
    acc_ = acc;
    phase_ = phase;
    return i;
  }

  // One output at fo from the completed accumulators (T: double, or lanes
  // of doubles holding several decimators side by side; the coefficients c
  // double or such lanes of the same values): takes acc[0],
  // shifts the accumulators, and runs the compensator over it and the last
  // four values in `history` (newest first). The same operations in the same
  // order for every T, so the lanes equal the scalar path bit for bit.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"  // T may be a lane vector, always inlined
  template <typename T, typename Coefficient>
  static inline __attribute__((always_inline)) T CompleteOutput(
      const std::array<Coefficient, 3>& c, std::array<T, kInputTapsPerPhase>& acc,
      std::array<T, kCompensatorTaps - 1>& history) {
    const T v = acc[0];
    for (int j = 0; j + 1 < kInputTapsPerPhase; ++j) acc[j] = acc[j + 1];
    acc[kInputTapsPerPhase - 1] = T{};
    const T y = c[2] * (v + history[3]) + c[1] * (history[0] + history[2]) + c[0] * history[1];
    history = {v, history[0], history[1], history[2]};
    return y;
  }
#pragma GCC diagnostic pop

  void Clear();
  int factor() const { return factor_; }
  // The one-stage equivalent for accelerators: phase_taps()[p *
  // kTapsPerPhase + j] is the tap that input position p of a block
  // contributes to the output j blocks ahead.
  const std::vector<double>& phase_taps() const { return phase_taps_; }
  // c0, c1, c2 of the compensator (c0 the centre tap).
  const std::array<double, 3>& compensator() const { return compensator_; }
  // Response at f (Hz) for an input rate of input_rate_hz, unity at DC.
  std::complex<double> Response(double f_hz, double input_rate_hz) const;

 private:
  friend class PinstChain;  // runs several decimators side by side (RunTogether)

  int factor_;
  int phase_ = 0;  // position of the next input sample within the block of D
  // input_taps_[p * kInputTapsPerPhase + j] = h[j D + D - 1 - p], h the
  // sinc^4: the tap that input position p contributes to the output j
  // blocks ahead.
  std::vector<double> input_taps_;
  std::array<double, 3> compensator_{};
  std::vector<double> taps_;        // the one-stage equivalent, 8D taps
  std::vector<double> phase_taps_;  // taps_ in the polyphase layout
  std::array<double, kInputTapsPerPhase> acc_{};
  std::array<double, kCompensatorTaps - 1> history_{};  // v at fo, newest first
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_DECIMATOR_H_
