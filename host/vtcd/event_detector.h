// Streaming VTCD detection for one monitoring point: samples (or Urms(1/2)
// values) in, per-phase events and aggregated PRODIST events out.
//
//   samples -> UrmsHalfCycleMeter -> PhaseEventDetector (vs ReferenceVoltage)
//           -> PhaseGrouper + CombinePhaseGroup (item 88 e/f)
//           -> TemporalAggregator (item 88 c/d, sags and swells apart)
//
// An aggregated event is final only when its 3-minute window has passed on
// every phase and no event that could join it is still in progress, or at
// Finish().
#ifndef PQA_HOST_VTCD_EVENT_DETECTOR_H_
#define PQA_HOST_VTCD_EVENT_DETECTOR_H_

#include <array>
#include <cstddef>
#include <functional>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "host/common/time.h"
#include "host/vtcd/classification.h"
#include "host/vtcd/phase_aggregation.h"
#include "host/vtcd/phase_event_detector.h"
#include "host/vtcd/reference_voltage.h"
#include "host/vtcd/temporal_aggregation.h"
#include "host/vtcd/urms_half_cycle.h"
#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

struct DetectorConfig {
  // Thresholds (per unit of the reference) and the nominal frequency; use
  // Item69_1Limits() for low-voltage smart meters (<= 0.7 pu is an interruption).
  ClassificationLimits limits;
  double declared_voltage_v = 127.0;  // Udin, RMS volts per channel (line-to-neutral for wye), > 0
  ReferenceKind reference = ReferenceKind::kDeclared;
  // With the sliding reference: true when the caller supplies the 10/12-cycle
  // RMS through AddWindowRms(); false to build it from the Urms(1/2) stream.
  bool window_rms_from_caller = false;
  double hysteresis_pu = 0.02;  // IEC 61000-4-30 5.4.2.1: return hysteresis, per unit (0..0.1)
  PhaseAggregation phase_aggregation = PhaseAggregation::kUnion;  // item 88 e/f
  TimeNs temporal_window_ns = kTemporalAggregationWindowNs;       // item 88 c: 3 min, ns (> 0)
  std::vector<std::string> phase_names = {"A", "B", "C"};         // 1..3 channels
  double crossing_hysteresis_pu = 0.03;  // zero-crossing band, per unit of nominal (0..0.5)
};

absl::Status ValidateDetectorConfig(const DetectorConfig& config);

class EventDetector {
 public:
  static absl::StatusOr<EventDetector> Create(const DetectorConfig& config);

  // Interleaved samples in volts: channel p of frame k is
  // frames[k * stride + channel_offsets[p]], one offset per phase name.
  // first_sample_time: ns since epoch UTC of frame 0; a jump from where the
  // previous block ended (more than half a sample) or a new sample rate
  // restarts the Urms(1/2) front end (events in progress carry on).
  absl::Status Process(TimeNs first_sample_time, double sample_rate_hz, const double* frames,
                       std::size_t frame_count, std::size_t stride,
                       std::span<const std::size_t> channel_offsets);

  // Per-phase feeding of Urms(1/2) values computed elsewhere (e.g. the RTL
  // front end), in time order per phase; do not mix with Process().
  absl::Status AddUrmsHalf(int phase, const UrmsHalf& value);

  // The caller's 10/12-cycle RMS of a phase (volts), for the sliding reference
  // when window_rms_from_caller is set.
  absl::Status AddWindowRms(int phase, double window_rms_v);

  // End of data: closes events in progress and flushes every aggregation.
  void Finish();

  // Every completed per-phase event, in completion order (report table 11).
  const std::vector<PhaseEvent>& phase_events() const { return phase_events_; }
  // Every final aggregated event so far, in the order they became final.
  const std::vector<AggregatedEvent>& events() const { return events_; }
  // The aggregated events that became final since the previous call.
  std::vector<AggregatedEvent> TakeNewEvents();

  // Every event that can still change or appear starts at or after this
  // instant (ns): a record whose interval ends by then can be flagged for
  // good (IEC 61000-4-30 4.7). The maximum TimeNs after Finish().
  TimeNs final_through() const { return final_through_; }

  // Current reference of a phase, RMS volts.
  double reference_v(int phase) const { return phases_[phase].reference.value_v(); }
  const DetectorConfig& config() const { return config_; }

  // Called with every Urms(1/2) value (diagnostics, tests).
  void set_urms_observer(std::function<void(int phase, const UrmsHalf&)> observer) {
    observer_ = std::move(observer);
  }

 private:
  struct PhaseState {
    std::optional<UrmsHalfCycleMeter> meter;
    ReferenceVoltage reference;
    PhaseEventDetector detector;
  };

  explicit EventDetector(const DetectorConfig& config);
  absl::Status CheckPhase(int phase) const;
  // The phase's Urms(1/2) values, in time order: events, reference, observer.
  void HandleUrms(int phase, std::span<const UrmsHalf> values);
  void Advance(bool end_of_data);

  DetectorConfig config_;
  std::vector<PhaseState> phases_;
  std::array<PhaseGrouper, 2> groupers_;           // [Family]
  std::array<TemporalAggregator, 2> aggregators_;  // [Family]
  std::vector<PhaseEvent> completed_;              // not yet routed to a grouper
  std::vector<PhaseEvent> phase_events_;
  std::vector<AggregatedEvent> events_;
  std::size_t events_taken_ = 0;
  std::array<std::vector<UrmsHalf>, 3> scratch_;  // per phase, one block's values
  std::function<void(int, const UrmsHalf&)> observer_;
  bool finished_ = false;
  TimeNs final_through_ = std::numeric_limits<TimeNs>::min();
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_EVENT_DETECTOR_H_
