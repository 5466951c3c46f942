// The DFT of one synchronised window, planned once and reused: IEC 61000-4-7
// 4.4 (rectangular window over exactly N cycles, N = 10 at 50 Hz, 12 at 60 Hz).
#ifndef PQA_HOST_MEASURE_HARMONIC_ANALYZER_H_
#define PQA_HOST_MEASURE_HARMONIC_ANALYZER_H_

#include <complex>
#include <cstddef>
#include <memory>

#include "absl/status/statusor.h"
#include "host/measure/harmonics.h"

namespace pqa::measure {

class HarmonicAnalyzer {
 public:
  // `points`: window length after resampling, a power of two with room for
  // the subgroup of order `max_order` below the Nyquist bin
  // (points / 2 > max_order cycles + 1); `cycles`: fundamental cycles per
  // window (1..64, normally 10 or 12); `max_order` (1..50): the highest
  // subgroup computed, those above it are 0 (a low sample rate resolves
  // fewer orders, and its window then needs fewer points).
  static absl::StatusOr<std::unique_ptr<HarmonicAnalyzer>> Create(
      std::size_t points, int cycles, int max_order = kMaxHarmonicOrder);
  ~HarmonicAnalyzer();
  HarmonicAnalyzer(const HarmonicAnalyzer&) = delete;
  HarmonicAnalyzer& operator=(const HarmonicAnalyzer&) = delete;

  std::size_t points() const { return points_; }
  int cycles() const { return cycles_; }
  int max_order() const { return max_order_; }

  // Where the caller writes the `points` samples of one window, in volts.
  double* input() { return input_; }

  // Transforms input() and derives the fundamental RMS phasor (volts, cosine
  // angle referenced to the first sample) and the subgroup magnitudes (volts).
  void Analyse(std::complex<double>& fundamental, SubgroupMagnitudes& subgroups);

 private:
  HarmonicAnalyzer() = default;

  std::size_t points_ = 0;
  int cycles_ = 0;
  int max_order_ = kMaxHarmonicOrder;
  double* input_ = nullptr;                   // fftw_malloc'd, points_ values
  std::complex<double>* spectrum_ = nullptr;  // fftw_malloc'd, points_ / 2 + 1 bins
  void* plan_ = nullptr;                      // fftw_plan, shared by the analyzers of
                                              // this length (harmonic_analyzer.cc)
};

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_HARMONIC_ANALYZER_H_
