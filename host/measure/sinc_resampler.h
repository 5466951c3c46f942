// Band-limited interpolation of uniformly sampled signals at arbitrary
// instants: the synchronous resampler of the harmonic analysis.
//
// IEC 61000-4-7 4.4.1 requires the analysis window to span an integer number
// of fundamental cycles within +-0.03 %. The engine measures where those
// cycles begin and end and asks this resampler for a fixed power-of-two
// number of points spread evenly over them, so that harmonic h lands exactly
// on DFT bin N h. Linear or cubic interpolation would leak several per cent
// of a 50th harmonic into its neighbours at 128 samples per cycle; a
// Kaiser-windowed sinc keeps every component below the passband edge within
// the design ripple (10^(-A/20)) and rejects the images and aliases that
// would otherwise fold into the harmonic bins.
//
// The kernel is tabulated at `phases` fractional offsets and linearly
// interpolated between them, so no transcendental function is evaluated per
// sample and the same table serves every output instant (and maps directly
// onto a ROM in the HLS port). A design's table is computed once per process
// (a few recent designs are kept), so that each of many short recordings
// does not pay for it again.
#ifndef PQA_HOST_MEASURE_SINC_RESAMPLER_H_
#define PQA_HOST_MEASURE_SINC_RESAMPLER_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "absl/status/statusor.h"

namespace pqa::measure {

struct ResamplerDesign {
  // Highest frequency that must pass unchanged, cycles per input sample (0 < . < 0.5).
  double passband = 0.2;
  // Lowest frequency that must be rejected, cycles per input sample (> passband).
  // For plain interpolation 1 - passband (the first image); when the output is
  // sparser than the input use min(1 - passband, output/input rate - passband),
  // the lowest input frequency that would alias into the passband. A caller
  // that discards everything above the passband at the output (a harmonic
  // analysis window) may go up to output/input rate - passband also when that
  // lies beyond the first image: the kernel then passes part of the images,
  // and they fold only above the passband (measurement_engine.cc).
  double stopband = 0.8;
  double attenuation_db = 90;  // stopband rejection and passband ripple, dB (40..150)
  int phases = 512;            // kernel table resolution per input sample (16..4096)
};

// The modified Bessel function of the first kind of order 0 (x >= 0, up to
// about 700 before it overflows), the shape of the Kaiser window: its power
// series sum over k of ((x/2)^k / k!)^2 (Abramowitz & Stegun 9.6.12), every
// term positive, summed until a term no longer changes the sum. Within a few
// units in the last place over the designs' range (x up to Kaiser's beta,
// 15.6 at 150 dB), and about a fifth of the cost of std::cyl_bessel_i: a
// design evaluates it thousands of times, on the first block of a replay.
double BesselI0(double x);

class SincResampler {
 public:
  // Designs the kernel; an error names the design field that is out of range.
  static absl::StatusOr<SincResampler> Create(const ResamplerDesign& design);
  // The half_width() Create() would choose for `design`, without building
  // the table (cheap enough to compare designs); the same errors.
  static absl::StatusOr<int> HalfWidthFor(const ResamplerDesign& design);

  // The kernel reaches `half_width()` input samples either side of an output
  // instant: output at position t reads inputs floor(t) - half_width() + 1 ..
  // floor(t) + half_width().
  int half_width() const { return half_width_; }
  double cutoff() const { return cutoff_; }  // cycles per input sample
  // The tabulated kernel, for accelerators that run the same interpolation:
  // phases() rows of 2 half_width() tap weights (row r: fractional offset
  // r / phases(), tap j: input floor(t) - half_width() + 1 + j) and, in
  // slope(), row r + 1 minus row r.
  int phases() const { return phases_; }
  const std::vector<double>& table() const;
  const std::vector<double>& slope() const;

  // Writes `count` values of each of `channel_count` channels (>= 1) at input
  // positions first + m * step (m = 0..count-1, in input samples relative to
  // `in[c][0]`) to out[c][m]. The caller guarantees that every input read
  // (see half_width()) lies inside its arrays. The channels share each
  // instant's interpolated weights: channels on one time base cost less in
  // one call (up to six at once) than in several.
  void Resample(const double* const* in, std::size_t channel_count, double first, double step,
                std::size_t count, double* const* out) const;

  // One channel at one instant; the reference for tests.
  double At(const double* in, double position) const;

 private:
  SincResampler() = default;

  int half_width_ = 0;  // K, input samples
  int phases_ = 0;      // P
  double cutoff_ = 0;   // cycles per input sample
  // The tabulated kernel (sinc_resampler.cc), shared by every resampler of
  // the same design in the process: a fleet's recordings at one rate, or a
  // recording that returns to a rate, design it once.
  struct Kernel;
  std::shared_ptr<const Kernel> kernel_;
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_SINC_RESAMPLER_H_
