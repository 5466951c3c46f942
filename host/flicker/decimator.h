// Anti-alias low-pass and decimation by an integer factor D in one polyphase
// FIR, so that the flickermeter's recursive filters run at a low internal
// rate (about 1.6 kHz) whatever the input rate.
//
// Why decimate: at 25.6 kS/s the 0.05 Hz high-pass pole sits 1.2e-5 from 1
// and the 1-minute adaptor pole 6.5e-7 from 1; at ~1.6 kHz they are 16x
// farther, which double precision does not need but a float32 HLS kernel
// does, and the recursive part costs 1/D of the input rate. The FIR is
// cheap at the input rate (kTapsPerPhase multiply-adds per sample, no
// feedback, so it pipelines at II=1 in HLS).
//
// Why this FIR: a Blackman-windowed sinc of kTapsPerPhase * D taps, cut-off
// at half the output rate fo. Its transition band is about 5.5 fs / (8 D) =
// 0.69 fo wide: the droop is < 1e-4 up to 42 Hz (0.02 % of Pinst, and the
// exact response enters the Pinst scaling anyway), and it attenuates
// >= 64 dB (D = 2) to 71 dB (D >= 10) from 0.84 fo, which covers every band
// that folds onto 0..42 Hz (k fo +- 42 Hz, k >= 1).
#ifndef PQA_HOST_FLICKER_DECIMATOR_H_
#define PQA_HOST_FLICKER_DECIMATOR_H_

#include <array>
#include <complex>
#include <cstddef>
#include <vector>

namespace pqa::flicker {

class Decimator {
 public:
  static constexpr int kTapsPerPhase = 8;

  explicit Decimator(int factor);  // factor D >= 1

  // Feeds one input sample; every D-th call completes an output sample,
  // stores it in *out and returns true. The output belongs to the instant
  // of the input sample that completed it.
  bool Push(double x, double* out) {
    const double* h = &phase_taps_[phase_ * kTapsPerPhase];
    for (int j = 0; j < kTapsPerPhase; ++j) acc_[j] += h[j] * x;
    if (++phase_ < factor_) return false;
    phase_ = 0;
    *out = acc_[0];
    for (int j = 0; j + 1 < kTapsPerPhase; ++j) acc_[j] = acc_[j + 1];
    acc_[kTapsPerPhase - 1] = 0;
    return true;
  }

  // The same as calling Push(map(x[i * stride]), ...) for i = 0..n-1, with
  // the accumulators held in registers: emit(i, out) receives each output
  // with the index of the input that completed it, and returns false to stop
  // after that input. Returns the inputs consumed (n unless stopped).
  template <typename Map, typename Emit>
  std::size_t PushBlock(const double* x, std::size_t n, std::size_t stride, Map map, Emit emit) {
    std::array<double, kTapsPerPhase> acc = acc_;
    int phase = phase_;
    const double* taps = phase_taps_.data();
    std::size_t i = 0;
    while (i < n) {
      const double v = map(x[i * stride]);
      const double* h = taps + phase * kTapsPerPhase;
      for (int j = 0; j < kTapsPerPhase; ++j) acc[j] += h[j] * v;
      ++i;
      if (++phase < factor_) continue;
      phase = 0;
      const double out = acc[0];
      for (int j = 0; j + 1 < kTapsPerPhase; ++j) acc[j] = acc[j + 1];
      acc[kTapsPerPhase - 1] = 0;
      if (!emit(i - 1, out)) break;
    }
    acc_ = acc;
    phase_ = phase;
    return i;
  }

  void Clear();
  int factor() const { return factor_; }
  // phase_taps()[p * kTapsPerPhase + j]: the tap that input position p of a
  // block contributes to the output j blocks ahead (for accelerators).
  const std::vector<double>& phase_taps() const { return phase_taps_; }
  // Response at f (Hz) for an input rate of input_rate_hz, unity at DC.
  std::complex<double> Response(double f_hz, double input_rate_hz) const;

 private:
  friend class PinstChain;  // runs several decimators side by side (RunTogether)

  int factor_;
  int phase_ = 0;  // position of the next input sample within the block of D
  // phase_taps_[p * kTapsPerPhase + j] = h[j D + D - 1 - p]: the tap that
  // input position p contributes to the output j blocks ahead.
  std::vector<double> phase_taps_;
  std::vector<double> taps_;
  std::array<double, kTapsPerPhase> acc_{};
};

}  // namespace pqa::flicker

#endif  // PQA_HOST_FLICKER_DECIMATOR_H_
