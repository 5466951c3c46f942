// Temporal aggregation (PRODIST Module 8 item 88 c, d): the events of one
// family that start within 3 minutes of the first event of a window form one
// event, represented by the most severe (lowest sag, highest swell).
//
// The window is fixed, opened by the first event and closed 3 minutes later
// ("eventos consecutivos, em um período de 3 minutos"); the next event opens
// a new one. Variations of 3 minutes or more are not VTCD (item 68) and are
// never merged: each is its own AggregatedEvent. Sags and swells shorter than
// one cycle are not VTCD (table 5) and are dropped.
#ifndef PQA_HOST_VTCD_TEMPORAL_AGGREGATION_H_
#define PQA_HOST_VTCD_TEMPORAL_AGGREGATION_H_

#include <optional>
#include <span>
#include <vector>

#include "host/common/time.h"
#include "host/vtcd/vtcd_event.h"

namespace pqa::vtcd {

inline constexpr TimeNs kTemporalAggregationWindowNs = 3 * kNsPerMinute;

// Streaming aggregation of one family's polyphase events.
class TemporalAggregator {
 public:
  explicit TemporalAggregator(TimeNs window_ns = kTemporalAggregationWindowNs);

  // Events of one family, in start order.
  void Add(const PolyphaseEvent& event);

  // Hands out the aggregated events that are final, given that no event
  // starting before `not_before` (ns) can still be added.
  std::vector<AggregatedEvent> TakeFinal(TimeNs not_before);
  std::vector<AggregatedEvent> TakeAll();  // end of data
  // Start of the window still open (its event is not final yet), ns.
  std::optional<TimeNs> open_start() const {
    return open_ ? std::optional<TimeNs>(open_->window_start()) : std::nullopt;
  }

 private:
  TimeNs window_ns_;
  std::optional<AggregatedEvent> open_;
  std::vector<AggregatedEvent> ready_;
};

// Batch form over both families; output sorted by window start.
std::vector<AggregatedEvent> AggregateInTime(std::span<const PolyphaseEvent> events,
                                             TimeNs window_ns = kTemporalAggregationWindowNs);

}  // namespace pqa::vtcd

#endif  // PQA_HOST_VTCD_TEMPORAL_AGGREGATION_H_
