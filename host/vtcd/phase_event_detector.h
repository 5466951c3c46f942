// Per-phase dip/swell detection on Urms(1/2) (IEC 61000-4-30 5.4.2, 5.4.3):
// an event starts when Urms(1/2) crosses the threshold and ends when it comes
// back past the threshold by the hysteresis.
//
// Time-stamping: each Urms(1/2) value stands at the centre of its one-cycle
// window, and the start and end instants are interpolated (in Urms^2, which is
// linear in the part of the window inside a rectangular step) between the two
// values either side of the crossing. IEC 61000-4-30 stamps to the window
// itself (half-cycle resolution, a duration bias of up to two cycles); the
// interpolation keeps start and duration within one cycle of the true step.
#ifndef PQA_HOST_VTCD_PHASE_EVENT_DETECTOR_H_
#define PQA_HOST_VTCD_PHASE_EVENT_DETECTOR_H_

#include <optional>
#include <vector>

#include "host/vtcd/urms_half_cycle.h"
#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

struct ThresholdConfig {
  double sag_threshold_pu = 0.9;    // dip below this, per unit of reference (0..1)
  double swell_threshold_pu = 1.1;  // swell above this, per unit of reference (> 1)
  double hysteresis_pu = 0.02;      // IEC 61000-4-30 5.4.2.1: 2 % of the reference (>= 0)
};

class PhaseEventDetector {
 public:
  PhaseEventDetector(int phase, const ThresholdConfig& config);

  // One Urms(1/2) value (in time order) and the reference voltage (RMS volts,
  // > 0) that applies to it. A completed event is appended to `completed`.
  // Inline for the usual value, one per half cycle and phase, which neither
  // continues nor starts an event: only the latest value changes.
  void Add(const UrmsHalf& value, double reference_v, std::vector<PhaseEvent>* completed) {
    if (active_ || Enters(Family::kSag, value.urms_v, reference_v) ||
        Enters(Family::kSwell, value.urms_v, reference_v)) {
      AddToEvent(value, reference_v, completed);
      return;
    }
    previous_ = value;
    have_previous_ = true;
  }

  // Closes an event still in progress at the latest value (marked truncated).
  void Finish(std::vector<PhaseEvent>* completed);

  // The family of the event in progress, if any, and its start (ns).
  // Inline: asked for every Urms(1/2) value of every phase (EventDetector).
  std::optional<Family> active_family() const {
    if (!active_) return std::nullopt;
    return event_.family;
  }
  TimeNs active_start() const { return event_.start; }
  // Centre time of the latest value, ns; nullopt before the first one. No
  // later event of this phase can start before it.
  std::optional<TimeNs> horizon() const;

 private:
  // Add() of a value that continues, ends or starts an event.
  void AddToEvent(const UrmsHalf& value, double reference_v, std::vector<PhaseEvent>* completed);
  bool Enters(Family family, double urms_v, double reference_v) const {
    return family == Family::kSag ? urms_v < config_.sag_threshold_pu * reference_v
                                  : urms_v > config_.swell_threshold_pu * reference_v;
  }
  TimeNs Crossing(const UrmsHalf& value, double level_v) const;

  int phase_;
  ThresholdConfig config_;
  bool active_ = false;
  PhaseEvent event_;
  bool have_previous_ = false;
  UrmsHalf previous_;
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_PHASE_EVENT_DETECTOR_H_
