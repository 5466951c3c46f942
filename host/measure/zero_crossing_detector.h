// Fundamental-cycle boundaries of the reference phase: the basis of the
// synchronised 10/12-cycle windows and of the 10-second frequency
// (IEC 61000-4-30 5.1, IEC 61000-4-7 4.4.1).
//
// The reference voltage is first averaged over groups of D samples (D chosen
// so that at least 64 samples per nominal cycle remain; the boxcar's nulls sit
// on the harmonics that would fold onto the fundamental), which makes the
// filter below D times cheaper. It then goes through a band-pass made of a 4th-order
// Butterworth low-pass at the nominal frequency and a 2nd-order Butterworth
// high-pass at a fifth of it: the 3rd harmonic is attenuated by about 38 dB
// and the 5th by 56 dB, so harmonics cannot add crossings or make them
// wander from cycle to cycle, wide-band noise is cut down, and a DC offset
// (an unbalanced transducer) does not bias the crossings. Positive-going zero
// crossings of the filtered signal are located by linear interpolation
// between the two samples either side (the filtered signal is a near-pure
// sinusoid, straight to third order around its zero) and shifted back by the
// filter's phase delay at the nominal frequency, so that they mark the
// crossings of the input's fundamental. A crossing only counts after the
// signal went below -5 % of the previous cycle's peak (hysteresis against
// noise around zero).
//
// When the voltage is too small to be trusted (below 2 % of nominal, e.g.
// during an interruption) or crossings stop for 1.5 periods, the detector
// free-runs: it emits `synthetic` crossings one period apart, so that windows
// keep flowing and the RMS of an interruption is still measured with the
// right weight in its 10-minute value (IEC 61000-4-30 4.4: gapless windows).
// That period is the median of the last five measured cycles: the filter
// rings down for a cycle or two at its own, lower frequency when the voltage
// collapses, and those cycles must not set the pace of the free run. Synthetic crossings never take
// part in the 10-second frequency.
#ifndef PQA_HOST_MEASURE_ZERO_CROSSING_DETECTOR_H_
#define PQA_HOST_MEASURE_ZERO_CROSSING_DETECTOR_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace pqa::measure {

struct Crossing {
  // Instant of the positive-going crossing of the input's fundamental, in
  // samples since the start of the segment (fractional).
  double position = 0;
  bool synthetic = false;  // free-running estimate, not a measured crossing
};

// A second-order section's coefficients, a0 normalised to 1: H(z) =
// (b0 + b1 z^-1 + b2 z^-2) / (1 + a1 z^-1 + a2 z^-2). The detector runs
// them with its own state (BandPassSectionState).
struct Biquad {
  double b0 = 1, b1 = 0, b2 = 0, a1 = 0, a2 = 0;
};

// The state of one of the detector's band-pass sections between blocks:
// its last output and the two partial sums of its regrouped direct form II
// transposed (zero_crossing_detector.cc, Cascade).
struct BandPassSectionState {
  double y = 0, p = 0, s2 = 0;
};

// Butterworth sections by the bilinear transform (RBJ's cookbook formulas),
// `corner_hz` in (0, sample_rate_hz / 2), `q` > 0.
Biquad LowPassSection(double corner_hz, double q, double sample_rate_hz);
Biquad HighPassSection(double corner_hz, double q, double sample_rate_hz);

class ZeroCrossingDetector {
 public:
  // `sample_rate_hz` > 4 * `nominal_hz`; `nominal_hz` 50 or 60 (any > 0 works);
  // `nominal_peak_v` the peak of a nominal sinusoid (sqrt(2) x nominal RMS), > 0.
  ZeroCrossingDetector(double sample_rate_hz, double nominal_hz, double nominal_peak_v);

  // Feeds `count` samples, the i-th at samples[i * stride], which continue the
  // segment; appends the crossings found to `out` in time order.
  void Process(const double* samples, std::size_t stride, std::size_t count,
               std::vector<Crossing>& out);

  // Phase delay of the filter at the nominal frequency, samples (> 0).
  double delay_samples() const { return delay_; }
  // Samples consumed since the start of the segment.
  std::int64_t samples_seen() const { return index_; }

 private:
  void Emit(double raw_position, bool synthetic, std::vector<Crossing>& out);
  // What filtered sample `m` (value `y`, the one before it `prev`, centre
  // at input sample `now`) decides when it may complete a crossing or the
  // free run is due: rare, so out of Process()'s loop.
  void Decide(std::int64_t m, double prev, double y, double now, std::vector<Crossing>& out);

  std::array<Biquad, 3> sections_;  // at the decimated rate
  // Their state between blocks (zero_crossing_detector.cc, Cascade).
  std::array<BandPassSectionState, 3> band_state_{};
  int decimation_ = 1;  // D, input samples per filtered sample
  int group_fill_ = 0;  // input samples in the current group
  double group_sum_ = 0;
  std::int64_t decimated_index_ = 0;  // index of the next filtered sample
  double delay_ = 0;                  // samples
  double nominal_period_ = 0;         // samples
  double period_ = 0;                 // last measured period, samples
  std::array<double, 5> recent_{};    // last measured periods (ring), samples
  std::size_t recent_next_ = 0;
  double free_run_period_ = 0;  // median of recent_, samples
  double min_peak_ = 0;         // filtered peak below which no crossing is trusted
  std::int64_t settle_ = 0;     // samples ignored while the filter settles
  std::int64_t index_ = 0;      // index of the next input sample in the segment
  double previous_ = 0;         // previous filtered value
  double cycle_peak_ = 0;       // largest |y| since the last crossing
  double threshold_ = 0;        // arming level for the next crossing (negative side)
  bool armed_ = false;          // signal went below -threshold_ since the last crossing
  bool have_crossing_ = false;  // at least one crossing emitted in this segment
  bool last_synthetic_ = false;
  double last_raw_ = 0;           // filtered-domain position of the last crossing, input samples
  std::vector<double> filtered_;  // scratch: one block's filtered values
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_ZERO_CROSSING_DETECTOR_H_
