// Polyphase aggregation of simultaneous phase events into one event at the
// monitoring point (PRODIST Module 8 item 88 b, e, f).
#ifndef PQA_HOST_VTCD_PHASE_AGGREGATION_H_
#define PQA_HOST_VTCD_PHASE_AGGREGATION_H_

#include <optional>
#include <span>
#include <vector>

#include "host/vtcd/classification.h"
#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

enum class PhaseAggregation {
  kUnion,               // item 88 e (default): first phase out to last phase back
  kCriticalParameters,  // item 88 f i: longest phase duration, most distant amplitude
  kCriticalPhase,       // item 88 f ii: duration of the phase with the critical amplitude
};

// Combines one group of simultaneous phase events of the same family (>= 1
// event) and classifies the result by table 5.
PolyphaseEvent CombinePhaseGroup(std::span<const PhaseEvent> group, PhaseAggregation mode,
                                 const ClassificationLimits& limits);

// Streaming grouping of one family's completed phase events: a group is the
// set of events whose intervals overlap, directly or through each other.
class PhaseGrouper {
 public:
  void Add(const PhaseEvent& event);

  // Groups that can no longer grow: every phase has been analysed up to
  // `horizon` (ns), and `earliest_active_start` (ns) is the start of the
  // earliest event still in progress in this family, if any.
  std::vector<std::vector<PhaseEvent>> TakeFinal(TimeNs horizon,
                                                 std::optional<TimeNs> earliest_active_start);
  // Every pending group (end of data).
  std::vector<std::vector<PhaseEvent>> TakeAll();

  // Start of the earliest event not yet handed out, ns.
  std::optional<TimeNs> earliest_pending_start() const;

 private:
  std::vector<PhaseEvent> pending_;  // sorted by start
};

// Batch form: groups and combines a whole list of phase events (both families).
// Output in start order.
std::vector<PolyphaseEvent> AggregatePhases(std::span<const PhaseEvent> events,
                                            PhaseAggregation mode,
                                            const ClassificationLimits& limits);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_PHASE_AGGREGATION_H_
