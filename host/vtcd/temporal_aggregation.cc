#include "host/vtcd/temporal_aggregation.h"

#include <algorithm>
#include <limits>

#include "host/vtcd/classification.h"

namespace pqa::vtcd {
namespace {

bool MoreSevere(const PolyphaseEvent& a, const PolyphaseEvent& b) {
  return a.family == Family::kSag ? a.amplitude_pu < b.amplitude_pu
                                  : a.amplitude_pu > b.amplitude_pu;
}

bool IsLong(VtcdClass c) {
  return c == VtcdClass::kLongInterruption || c == VtcdClass::kLongSag ||
         c == VtcdClass::kLongSwell;
}

void SortByWindowStart(std::vector<AggregatedEvent>* events) {
  std::stable_sort(events->begin(), events->end(),
                   [](const AggregatedEvent& a, const AggregatedEvent& b) {
                     return a.window_start() < b.window_start();
                   });
}

}  // namespace

TemporalAggregator::TemporalAggregator(TimeNs window_ns) : window_ns_(window_ns) {}

void TemporalAggregator::Add(const PolyphaseEvent& event) {
  if (event.vtcd_class == VtcdClass::kNone) return;
  if (IsLong(event.vtcd_class)) {
    ready_.push_back(AggregatedEvent{event, {event}});
    return;
  }
  if (open_ && event.start >= open_->window_start() + window_ns_) {
    ready_.push_back(std::move(*open_));
    open_.reset();
  }
  if (!open_) {
    open_ = AggregatedEvent{event, {event}};
    return;
  }
  open_->members.push_back(event);
  if (MoreSevere(event, open_->representative)) open_->representative = event;
}

std::vector<AggregatedEvent> TemporalAggregator::TakeFinal(TimeNs not_before) {
  if (open_ && open_->window_start() + window_ns_ <= not_before) {
    ready_.push_back(std::move(*open_));
    open_.reset();
  }
  std::vector<AggregatedEvent> out;
  out.swap(ready_);
  SortByWindowStart(&out);
  return out;
}

std::vector<AggregatedEvent> TemporalAggregator::TakeAll() {
  return TakeFinal(std::numeric_limits<TimeNs>::max());
}

std::vector<AggregatedEvent> AggregateInTime(std::span<const PolyphaseEvent> events,
                                             TimeNs window_ns) {
  std::vector<const PolyphaseEvent*> ordered;
  for (const PolyphaseEvent& e : events) ordered.push_back(&e);
  std::stable_sort(
      ordered.begin(), ordered.end(),
      [](const PolyphaseEvent* a, const PolyphaseEvent* b) { return a->start < b->start; });
  std::vector<AggregatedEvent> out;
  for (Family family : {Family::kSag, Family::kSwell}) {
    TemporalAggregator aggregator(window_ns);
    for (const PolyphaseEvent* e : ordered) {
      if (e->family == family) aggregator.Add(*e);
    }
    std::vector<AggregatedEvent> part = aggregator.TakeAll();
    out.insert(out.end(), part.begin(), part.end());
  }
  SortByWindowStart(&out);
  return out;
}

}  // namespace pqa::vtcd
