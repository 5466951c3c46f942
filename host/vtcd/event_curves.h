// The Urms(1/2) values around each aggregated VTCD event, for the report's
// per-event plot (issue 18): the detector's half-cycle values are kept for a
// while, and when an event becomes final (up to 3 minutes after it ended,
// item 88 c) its curve is cut out of them.
//
//   EventDetector --Urms(1/2)--> EventCurveRecorder (recent history per phase)
//   aggregated event (final) --> Take() --> pqa.v1.EventCurve
#ifndef PQA_HOST_VTCD_EVENT_CURVES_H_
#define PQA_HOST_VTCD_EVENT_CURVES_H_

#include <deque>
#include <string>
#include <vector>

#include "host/common/time.h"
#include "host/vtcd/urms_half_cycle.h"
#include "host/vtcd/vtcd_event.h"
#include "pqa/v1/event.pb.h"

namespace pqa::vtcd {

struct EventCurveOptions {
  TimeNs before_ns = 200 * 1'000'000LL;  // kept before the event start
  TimeNs after_ns = 300 * 1'000'000LL;   // kept after the event end
  // Events longer than this keep [start - before, start + edge] and
  // [end - edge, end + after] only: a 10-minute outage is not 72,000 values.
  TimeNs max_span_ns = 3 * kNsPerSecond;
  TimeNs edge_ns = 1 * kNsPerSecond;
  // History kept behind the latest value. An event is final 3 minutes after
  // its window closed; a longer one keeps its end only when its start has
  // left the history (>= 20 min: a long interruption).
  TimeNs history_ns = 20 * kNsPerMinute;
};

class EventCurveRecorder {
 public:
  EventCurveRecorder(std::vector<std::string> phase_names, EventCurveOptions options = {});

  // One Urms(1/2) value of `phase` (index into phase_names), in time order.
  void AddUrms(int phase, const UrmsHalf& value);

  // The curve of `event` from the values kept (phases without values in the
  // windows are left out).
  v1::EventCurve Take(const AggregatedEvent& event, const v1::VtcdEvent& described) const;

 private:
  std::vector<std::string> phase_names_;
  EventCurveOptions options_;
  std::vector<std::deque<UrmsHalf>> history_;  // per phase, oldest first
};

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_EVENT_CURVES_H_
