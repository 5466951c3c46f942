#include "host/vtcd/phase_event_detector.h"

#include <algorithm>
#include <cmath>

namespace pqa::vtcd {

PhaseEventDetector::PhaseEventDetector(int phase, const ThresholdConfig& config)
    : phase_(phase), config_(config) {}

// Instant at which Urms^2 passed level_v^2 between the previous value and this one.
TimeNs PhaseEventDetector::Crossing(const UrmsHalf& value, double level_v) const {
  if (!have_previous_) return value.center();
  const double before = previous_.urms_v * previous_.urms_v;
  const double after = value.urms_v * value.urms_v;
  const double level = level_v * level_v;
  double fraction = after != before ? (before - level) / (before - after) : 1.0;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const TimeNs t0 = previous_.center();
  return t0 + std::llround(fraction * static_cast<double>(value.center() - t0));
}

void PhaseEventDetector::AddToEvent(const UrmsHalf& value, double reference_v,
                                    std::vector<PhaseEvent>* completed) {
  if (active_) {
    const bool sag = event_.family == Family::kSag;
    const double ref = event_.reference_v;
    if (sag) {
      event_.extreme_v = std::min(event_.extreme_v, value.urms_v);
    } else {
      event_.extreme_v = std::max(event_.extreme_v, value.urms_v);
    }
    const double exit_v = sag ? (config_.sag_threshold_pu + config_.hysteresis_pu) * ref
                              : (config_.swell_threshold_pu - config_.hysteresis_pu) * ref;
    const bool returned = sag ? value.urms_v >= exit_v : value.urms_v <= exit_v;
    if (returned) {
      event_.end = std::max(event_.start, Crossing(value, exit_v));
      completed->push_back(event_);
      active_ = false;
    }
  }
  // Most values start nothing: both thresholds checked at once.
  if (!active_ && (Enters(Family::kSag, value.urms_v, reference_v) ||
                   Enters(Family::kSwell, value.urms_v, reference_v))) {
    for (Family family : {Family::kSag, Family::kSwell}) {
      if (!Enters(family, value.urms_v, reference_v)) continue;
      const double level_v =
          (family == Family::kSag ? config_.sag_threshold_pu : config_.swell_threshold_pu) *
          reference_v;
      event_ = PhaseEvent{};
      event_.phase = phase_;
      event_.family = family;
      event_.start = Crossing(value, level_v);
      if (!completed->empty() && completed->back().phase == phase_) {
        event_.start = std::max(event_.start, completed->back().end);
      }
      event_.end = event_.start;
      event_.extreme_v = value.urms_v;
      event_.reference_v = reference_v;
      active_ = true;
      break;
    }
  }
  previous_ = value;
  have_previous_ = true;
}

void PhaseEventDetector::Finish(std::vector<PhaseEvent>* completed) {
  if (!active_) return;
  event_.end = std::max(event_.start, previous_.center());
  event_.truncated = true;
  completed->push_back(event_);
  active_ = false;
}

std::optional<TimeNs> PhaseEventDetector::horizon() const {
  if (!have_previous_) return std::nullopt;
  return previous_.center();
}

}  // namespace pqa::vtcd
