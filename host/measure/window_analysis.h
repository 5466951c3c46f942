// The per-window computation of the measurement engine as a replaceable
// unit: resampling onto the window's points, the transform, harmonic
// subgroups, RMS, fundamental phasors and symmetrical components
// (IEC 61000-4-30 5.2/5.7, IEC 61000-4-7). The engine keeps everything
// around it (cycle detection, window boundaries, aggregation, records).
//
// Without a factory in EngineConfig the engine runs its own double-precision
// analysis (SincResampler + HarmonicAnalyzer + WindowRms), the golden
// reference. An accelerator backend (host/accel) supplies another.
#ifndef PQA_HOST_MEASURE_WINDOW_ANALYSIS_H_
#define PQA_HOST_MEASURE_WINDOW_ANALYSIS_H_

#include <array>
#include <cstddef>
#include <functional>
#include <memory>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/measure/sinc_resampler.h"
#include "host/measure/window_result.h"

namespace pqa::measure {

// Where one window's samples are. All phases share one time base.
struct WindowSpan {
  // Per phase A, B, C: samples[p][i], volts, i = 0..available-1; null for a
  // phase that is not configured.
  std::array<const double*, kPhases> samples{};
  // Per phase A, B, C: the phase current, amperes, on the same time base;
  // null for a phase without a current channel.
  std::array<const double*, kPhases> currents{};
  // Per phase with a current: the voltage it multiplies for power, volts:
  // the line-to-neutral voltage (a wye input: the same pointer as samples)
  // or, for a delta or V input, the voltage to the artificial star point,
  // which the engine derives. Null where currents[p] is null.
  std::array<const double*, kPhases> power_voltages{};
  std::size_t available = 0;  // samples readable from each pointer
  // The window's exact cycles span [first, last), positions in samples from
  // samples[p][0] (fractional). The resampler's reach (half_width() either
  // side) lies inside [0, available).
  double first = 0;
  double last = 0;
};

struct WindowAnalysisSpec {
  std::size_t points = 4096;            // samples per window after resampling (EngineConfig)
  int cycles = 12;                      // fundamental cycles per window: 12 (60 Hz) or 10 (50 Hz)
  double nominal_frequency_hz = 60;     // 50 or 60
  std::array<bool, kPhases> present{};  // configured phases
  std::array<bool, kPhases> current_present{};  // phases with a current channel
};

class WindowAnalysis {
 public:
  virtual ~WindowAnalysis() = default;
  // A new segment at `sample_rate_hz` (Hz), with the resampler the engine
  // designed for it. An error (e.g. a rate the backend cannot take) names
  // the limit; the engine reports it for the block.
  virtual absl::Status SetResampler(const SincResampler& resampler, double sample_rate_hz) = 0;
  // Fills, for every present phase, w.phases[p].rms_v, .fundamental and
  // .subgroups, and, when all three phases are present, w.sequence and
  // w.unbalance; for every phase with a current, .i_rms_a, .i_fundamental,
  // .i_subgroups, .p_w and .power_v_rms. Other fields of `w` (among them
  // power_v_fundamental, derived linearly from the voltage phasors) belong
  // to the engine.
  virtual void Analyse(const WindowSpan& span, WindowResult& w) = 0;
  // The windows one block completes, in order (spans[i] -> results[i]), so
  // that an accelerator can take them in one run. By default one by one.
  virtual void AnalyseBatch(const WindowSpan* spans, WindowResult* results, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) Analyse(spans[i], results[i]);
  }
};

using WindowAnalysisFactory =
    std::function<absl::StatusOr<std::unique_ptr<WindowAnalysis>>(const WindowAnalysisSpec&)>;

}  // namespace pqa::measure

#endif  // PQA_HOST_MEASURE_WINDOW_ANALYSIS_H_
