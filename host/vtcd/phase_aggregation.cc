#include "host/vtcd/phase_aggregation.h"

#include <algorithm>
#include <limits>

#include "host/common/time.h"

namespace pqa::vtcd {
namespace {

// True when a is more severe than b: lower for a sag, higher for a swell.
bool MoreSevere(Family family, double a_pu, double b_pu) {
  return family == Family::kSag ? a_pu < b_pu : a_pu > b_pu;
}

bool ByStart(const PhaseEvent& a, const PhaseEvent& b) {
  return a.start != b.start ? a.start < b.start : a.phase < b.phase;
}

}  // namespace

PolyphaseEvent CombinePhaseGroup(std::span<const PhaseEvent> group, PhaseAggregation mode,
                                 const ClassificationLimits& limits) {
  const Family family = group.front().family;
  const PhaseEvent* critical = &group.front();  // most severe amplitude
  const PhaseEvent* longest = &group.front();
  TimeNs first_start = group.front().start;
  TimeNs last_end = group.front().end;
  PolyphaseEvent out;
  out.family = family;
  for (const PhaseEvent& e : group) {
    if (MoreSevere(family, e.extreme_pu(), critical->extreme_pu())) critical = &e;
    if (e.duration() > longest->duration()) longest = &e;
    first_start = std::min(first_start, e.start);
    last_end = std::max(last_end, e.end);
    out.truncated = out.truncated || e.truncated;
    if (std::find(out.phases.begin(), out.phases.end(), e.phase) == out.phases.end()) {
      out.phases.push_back(e.phase);
    }
  }
  std::sort(out.phases.begin(), out.phases.end());
  out.amplitude_pu = critical->extreme_pu();
  out.amplitude_v = critical->extreme_v;
  out.reference_v = critical->reference_v;
  switch (mode) {
    case PhaseAggregation::kUnion:
      out.start = first_start;
      out.end = last_end;
      break;
    case PhaseAggregation::kCriticalParameters:
      out.start = longest->start;
      out.end = longest->end;
      break;
    case PhaseAggregation::kCriticalPhase:
      out.start = critical->start;
      out.end = critical->end;
      break;
  }
  out.vtcd_class = Classify(family, out.amplitude_pu,
                            static_cast<double>(out.duration()) / kNsPerSecond, limits);
  return out;
}

void PhaseGrouper::Add(const PhaseEvent& event) {
  pending_.insert(std::upper_bound(pending_.begin(), pending_.end(), event, ByStart), event);
}

std::vector<std::vector<PhaseEvent>> PhaseGrouper::TakeFinal(
    TimeNs horizon, std::optional<TimeNs> earliest_active_start) {
  std::vector<std::vector<PhaseEvent>> groups;
  std::size_t taken = 0;
  while (taken < pending_.size()) {
    std::size_t next = taken + 1;
    TimeNs end = pending_[taken].end;
    while (next < pending_.size() && pending_[next].start < end) {
      end = std::max(end, pending_[next].end);
      ++next;
    }
    // A later event of any phase starts at or after that phase's horizon, so
    // the group is closed once every horizon has passed its end and no event
    // in progress began inside it.
    const bool open = end > horizon || (earliest_active_start && *earliest_active_start < end);
    if (open) break;
    groups.emplace_back(pending_.begin() + taken, pending_.begin() + next);
    taken = next;
  }
  pending_.erase(pending_.begin(), pending_.begin() + taken);
  return groups;
}

std::vector<std::vector<PhaseEvent>> PhaseGrouper::TakeAll() {
  return TakeFinal(std::numeric_limits<TimeNs>::max(), std::nullopt);
}

std::optional<TimeNs> PhaseGrouper::earliest_pending_start() const {
  if (pending_.empty()) return std::nullopt;
  return pending_.front().start;
}

std::vector<PolyphaseEvent> AggregatePhases(std::span<const PhaseEvent> events,
                                            PhaseAggregation mode,
                                            const ClassificationLimits& limits) {
  std::vector<PolyphaseEvent> out;
  for (Family family : {Family::kSag, Family::kSwell}) {
    PhaseGrouper grouper;
    for (const PhaseEvent& e : events) {
      if (e.family == family) grouper.Add(e);
    }
    for (const std::vector<PhaseEvent>& group : grouper.TakeAll()) {
      out.push_back(CombinePhaseGroup(group, mode, limits));
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const PolyphaseEvent& a, const PolyphaseEvent& b) {
    return a.start < b.start;
  });
  return out;
}

}  // namespace pqa::vtcd
