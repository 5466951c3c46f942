#include "host/measure/harmonic_analyzer.h"

#include <fftw3.h>

#include <bit>
#include <utility>
#include <vector>

#include "absl/base/const_init.h"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "host/measure/window_transform_wisdom.h"

namespace pqa::measure {
namespace {

// FFTW's planner is not thread-safe; execution of a finished plan is, also
// of one plan by several threads on arrays of their own (fftw_execute_dft_r2c).
ABSL_CONST_INIT absl::Mutex planner_mutex(absl::kConstInit);

// The plan of a `points`-point transform, made once per process and shared
// by every analyzer of that length (the phases and currents of a recording,
// a fleet's recordings): planning, even FFTW_ESTIMATE's, costs as much as a
// few hundred transforms of a window. FFTW_ESTIMATE's plan depends only on
// the length and the arrays' alignment (fftw_alloc's for every analyzer), so
// the shared plan is the one each analyzer would have made.
fftw_plan PlanFor(std::size_t points, double* input, fftw_complex* spectrum) {
  absl::MutexLock lock(&planner_mutex);
  // Guarded by planner_mutex; never destroyed (threads may outlive main()).
  static auto* const plans = new std::vector<std::pair<std::size_t, fftw_plan>>();
  for (const auto& [n, plan] : *plans) {
    if (n == points) return plan;
  }
  // The timed choices kept in the source, once a process (a build of FFTW
  // that rejects them plans as without).
  static const bool wisdom_imported [[maybe_unused]] = ImportWindowTransformWisdom();
  // FFTW_ESTIMATE, not MEASURE: a measured plan depends on timings, so two
  // replays of the same recording could round differently (1e-15) and a
  // figure on a compensation report would not be reproducible bit for bit.
  // For the lengths the wisdom covers, ESTIMATE takes its timed algorithm,
  // the same in every process (window_transform_wisdom.h).
  fftw_plan plan = PlanWindowTransform(points, input, spectrum, FFTW_ESTIMATE);
  if (plan != nullptr) plans->emplace_back(points, plan);
  return plan;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HarmonicAnalyzer>> HarmonicAnalyzer::Create(std::size_t points,
                                                                           int cycles,
                                                                           int max_order) {
  if (cycles < 1 || cycles > 64) {
    return absl::InvalidArgumentError(
        absl::StrFormat("harmonic analyzer: cycles %d per window, expected 1..64", cycles));
  }
  if (max_order < 1 || max_order > kMaxHarmonicOrder) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "harmonic analyzer: max_order %d, expected 1..%d", max_order, kMaxHarmonicOrder));
  }
  const std::size_t top_bin = static_cast<std::size_t>(cycles) * max_order + 1;
  if (!std::has_single_bit(points) || points / 2 <= top_bin) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "harmonic analyzer: points %d per window, expected a power of two above %d so that "
        "the subgroup of order %d lies below the Nyquist bin",
        points, 2 * top_bin, max_order));
  }
  std::unique_ptr<HarmonicAnalyzer> a(new HarmonicAnalyzer());
  a->points_ = points;
  a->cycles_ = cycles;
  a->max_order_ = max_order;
  a->input_ = fftw_alloc_real(points);
  a->spectrum_ = reinterpret_cast<std::complex<double>*>(fftw_alloc_complex(points / 2 + 1));
  if (a->input_ == nullptr || a->spectrum_ == nullptr) {
    return absl::ResourceExhaustedError("harmonic analyzer: cannot allocate FFT buffers");
  }
  a->plan_ = PlanFor(points, a->input_, reinterpret_cast<fftw_complex*>(a->spectrum_));
  if (a->plan_ == nullptr) {
    return absl::InternalError(
        absl::StrFormat("harmonic analyzer: FFTW could not plan a %d-point transform", points));
  }
  return a;
}

HarmonicAnalyzer::~HarmonicAnalyzer() {
  fftw_free(input_);
  fftw_free(spectrum_);
}

void HarmonicAnalyzer::Analyse(std::complex<double>& fundamental, SubgroupMagnitudes& subgroups) {
  fftw_execute_dft_r2c(static_cast<fftw_plan>(plan_), input_,
                       reinterpret_cast<fftw_complex*>(spectrum_));
  fundamental = FundamentalPhasor(spectrum_, points_, cycles_);
  HarmonicSubgroups(spectrum_, points_, cycles_, subgroups, max_order_);
}

}  // namespace pqa::measure
