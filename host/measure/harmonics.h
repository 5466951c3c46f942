// Harmonic subgroups and the distortion indices derived from them.
//
// IEC 61000-4-7 3.2/5.6: with a rectangular window spanning exactly N cycles
// of the fundamental (N = 12 at 60 Hz, 10 at 50 Hz) the DFT bin spacing is
// f1/N and harmonic h sits on bin N*h. The voltage harmonic subgroup of order
// h gathers that bin and its two neighbours, so that the energy of a slightly
// fluctuating harmonic is not lost:  Ysg,h = sqrt(sum_{k=-1..1} Y^2[N h + k]).
#ifndef PQA_HOST_MEASURE_HARMONICS_H_
#define PQA_HOST_MEASURE_HARMONICS_H_

#include <array>
#include <complex>
#include <cstddef>

namespace pqa::measure {

// Highest harmonic order computed (IEC 61000-4-7 and PRODIST: 2..50).
inline constexpr int kMaxHarmonicOrder = 50;
// Highest order included in DTT, DTTp, DTTi and DTT3 (PRODIST Module 8: hmax = 40).
inline constexpr int kDistortionMaxOrder = 40;

// RMS magnitude of harmonic subgroup h, volts, at index h (1..50). Index 0
// holds the DC component's magnitude (volts) and takes part in no index.
using SubgroupMagnitudes = std::array<double, kMaxHarmonicOrder + 1>;

// Fills `out` from the one-sided DFT `spectrum` of one synchronised window:
// `spectrum[k]` for k in [0, bins) is sum_n x[n] exp(-j 2 pi k n / points)
// (FFTW's unnormalised r2c output), `points` the window length in samples
// (> 2 * (cycles * 50 + 1)), `cycles` the fundamental cycles in the window
// (10 or 12). Bin magnitudes are converted to RMS volts before squaring.
// Orders above `max_order` (1..50) are set to 0: a window transformed on
// fewer points than 2 * (cycles * 50 + 1) has no bins for them, and
// `points` only needs to exceed 2 * (cycles * max_order + 1).
void HarmonicSubgroups(const std::complex<double>* spectrum, std::size_t points, int cycles,
                       SubgroupMagnitudes& out, int max_order = kMaxHarmonicOrder);

// RMS phasor of the fundamental (bin `cycles`), volts; angle in radians of a
// cosine referenced to the first sample of the window.
std::complex<double> FundamentalPhasor(const std::complex<double>* spectrum, std::size_t points,
                                       int cycles);

// PRODIST Module 8 / spec section 3, all in % of the fundamental subgroup V1.
struct DistortionIndices {
  double dtt_pct = 0;   // orders 2..hmax, 0..100+
  double dttp_pct = 0;  // even orders not multiple of 3 (2, 4, 8, 10, 14, ...)
  double dtti_pct = 0;  // odd orders not multiple of 3 (5, 7, 11, 13, ...)
  double dtt3_pct = 0;  // multiples of 3 (3, 6, 9, ...)
  std::array<double, kMaxHarmonicOrder - 1> dit_pct{};  // DIT_h; [0] is order 2, [48] order 50
};

// Indices from subgroup magnitudes `v` (volts). `hmax` (2..50) bounds the
// totals; DIT_h is given for every order 2..50. With V1 = 0 (no voltage)
// every index is 0 rather than a division by zero.
DistortionIndices ComputeDistortion(const SubgroupMagnitudes& v, int hmax = kDistortionMaxOrder);

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_HARMONICS_H_
